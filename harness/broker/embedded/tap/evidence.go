package tap

import "github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"

// Evidence is what the broker saw of the program under test during one
// scenario. The harness's own clients (replay, capture, settle), which
// authenticate as the classroom's admin, are left out, so in kafkacheck run
// everything here comes from the student's program.
type Evidence struct {
	// Connections counts the connections the program opened.
	Connections int
	// Auth lists its SASL authentication attempts, in order.
	Auth []saslfront.AuthEvent
	// Unauthenticated counts connections that sent Kafka requests without
	// ever authenticating: a client configured for PLAINTEXT.
	Unauthenticated int
	// Denials are the requests the classroom's ACLs refused, one per
	// resource, in the order first refused.
	Denials []Denial
	// Groups are the consumer groups the program named in any request.
	Groups []string
	// AskedToJoin are the groups the program sent a JoinGroup for,
	// answered or not. A consumer that picks its partitions itself
	// (kafka-python's consumer.assign) names its group to commit but
	// never asks to join it.
	AskedToJoin []string
	// Joined lists the successful JoinGroup requests, one per group and
	// client id.
	Joined []Member
	// ClientIDs are the client ids in the program's request headers.
	ClientIDs []string
	// Topics are the topics the program named (metadata, produce, fetch).
	Topics []string
	// Positions are where the program's consumers fetch new_users, by
	// partition: a partition is absent until they fetched it.
	Positions map[int32]int64
}

// Denial is one resource the ACLs refused to the program.
type Denial struct {
	// Resource is "topic", "group", "cluster" or "transactional id".
	Resource string
	// Name is the topic, group or transactional id; empty for the cluster.
	Name string
	// Request is the Kafka request that was refused, such as "Metadata".
	Request string
}

// Member is a successful join of a consumer group.
type Member struct {
	Group, ClientID string
}

// Authenticated reports whether some attempt in e.Auth succeeded.
func (e Evidence) Authenticated() bool {
	for _, a := range e.Auth {
		if a.OK {
			return true
		}
	}
	return false
}
