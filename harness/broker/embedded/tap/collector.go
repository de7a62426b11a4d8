package tap

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"sync"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded/saslfront"
)

// Collector gathers Evidence from an embedded broker while a program runs.
// Plug it in with embedded.Config{Listen: c.Listen(nil), OnAuth: c.OnAuth}:
// its listener sits below the SASL front and observes each connection's
// bytes, and the front reports each authentication attempt. Connections
// that authenticate as the classroom's admin are the harness's and are not
// observed further.
//
// Why the wire and not kfake's Control hooks: a Control function sees a
// request but not which connection or user sent it, nor the answer, so it
// cannot tell the student's OffsetFetch of group team-3 from the harness's,
// nor see that the ACLs refused it.
type Collector struct {
	// OnNote, if set, is told of each notable thing as it happens, for a
	// live display. It may be called from several goroutines at once.
	OnNote func(Note)
	// Plaintext says the listener has no SASL (kafkacheck run --plaintext):
	// connections that never log in are then expected, not a wrong setup.
	Plaintext bool
	// OnProduce, if set, is told of the records each produce of the
	// program wrote, with the user it logged in as: the broker's word on
	// who wrote a record, whatever the record says. It may be called
	// from several goroutines at once.
	OnProduce func(Produced)

	mu        sync.Mutex
	conns     map[string]*conn // by remote address
	ev        Evidence
	groups    map[string]bool
	topics    map[string]bool
	clientIDs map[string]bool
	joined    map[Member]bool
	asked     map[string]bool // groups of the program's JoinGroups
	denied    map[Denial]bool
	announced map[string]bool // users whose first login was noted
	topicIDs  map[[16]byte]string
	fetched   map[string]map[int32]int64 // the program's positions, by topic
	fetchedBy fetchedAt                  // the same, by connection, with times
	fatal     chan struct{}
	fatalOnce sync.Once
}

// Note is one live observation.
type Note struct {
	Kind NoteKind
	// Text describes it in a short sentence, such as
	// `authenticated as "team-3"`.
	Text string
}

// NoteKind classifies a Note.
type NoteKind int

// The kinds of Note.
const (
	NoteConnected NoteKind = iota
	NoteAuthFailed
	NoteDenied
	NoteJoined
)

// NewCollector returns an empty collector.
func NewCollector() *Collector {
	return &Collector{
		conns: map[string]*conn{}, groups: map[string]bool{}, topics: map[string]bool{},
		clientIDs: map[string]bool{}, joined: map[Member]bool{}, asked: map[string]bool{}, denied: map[Denial]bool{},
		announced: map[string]bool{}, topicIDs: map[[16]byte]string{},
		fetched: map[string]map[int32]int64{},
		fatal:   make(chan struct{}),
	}
}

// Listen returns a listen function for embedded.Config.Listen that listens
// with listen (net.Listen if nil) and observes every accepted connection.
func (c *Collector) Listen(listen func(network, address string) (net.Listener, error)) func(network, address string) (net.Listener, error) {
	if listen == nil {
		listen = net.Listen
	}
	return func(network, address string) (net.Listener, error) {
		ln, err := listen(network, address)
		if err != nil {
			return nil, err
		}
		return &listener{Listener: ln, col: c}, nil
	}
}

// OnAuth records one authentication attempt; pass it as
// embedded.Config.OnAuth.
func (c *Collector) OnAuth(ev saslfront.AuthEvent) {
	remote := ""
	if ev.Remote != nil {
		remote = ev.Remote.String()
	}
	harness := ev.OK && ev.User == classroom.AdminUser
	c.mu.Lock()
	cn := c.conns[remote]
	first := false
	if harness {
		delete(c.conns, remote)
	} else {
		c.ev.Auth = append(c.ev.Auth, ev)
		first = !c.announced[ev.User]
		c.announced[ev.User] = true
	}
	c.mu.Unlock()
	if cn != nil {
		cn.authenticated(harness, ev.User)
	}
	switch {
	case harness:
	case ev.OK && !first:
		// A client opens several connections: note the first.
	case ev.OK:
		c.note(NoteConnected, fmt.Sprintf("connected and authenticated as %q", ev.User))
	case ev.User == "":
		// No user name was read: an empty one, or a mechanism the broker
		// does not offer, refused before the name; `user ""` reads as
		// if the program had sent an empty name either way.
		c.note(NoteAuthFailed, fmt.Sprintf("authentication failed with no user name (mechanism %s): %s", ev.Mechanism, ev.Reason))
		c.setFatal()
	default:
		c.note(NoteAuthFailed, fmt.Sprintf("authentication failed for user %q: %s", ev.User, ev.Reason))
		c.setFatal()
	}
}

// Fatal is closed at the first evidence that the program cannot work as
// it is written, whatever it does next: a refused authentication, a
// request sent without logging in, or a request refused by the ACLs. Waiting longer would only repeat it.
func (c *Collector) Fatal() <-chan struct{} { return c.fatal }

func (c *Collector) setFatal() { c.fatalOnce.Do(func() { close(c.fatal) }) }

// Evidence returns what was collected so far.
func (c *Collector) Evidence() Evidence {
	c.mu.Lock()
	defer c.mu.Unlock()
	ev := c.ev
	ev.Auth = slices.Clone(ev.Auth)
	ev.Denials = slices.Clone(ev.Denials)
	ev.Joined = slices.Clone(ev.Joined)
	ev.Groups = sortedKeys(c.groups)
	ev.AskedToJoin = sortedKeys(c.asked)
	ev.Topics = sortedKeys(c.topics)
	ev.ClientIDs = sortedKeys(c.clientIDs)
	ev.Positions = maps.Clone(c.fetched[classroom.NewUsers])
	ev.Connections = 0
	ev.Unauthenticated = 0
	for _, cn := range c.conns {
		ev.Connections++
		cn.mu.Lock()
		if !cn.authed && cn.requested && !c.Plaintext {
			ev.Unauthenticated++
		}
		cn.mu.Unlock()
	}
	return ev
}

// sawPlaintext records a request sent before any login: a client set up
// for PLAINTEXT, which a SASL listener refuses every time.
func (c *Collector) sawPlaintext() {
	if c.Plaintext {
		return
	}
	c.mu.Lock()
	first := !c.announced[""]
	c.announced[""] = true
	c.mu.Unlock()
	if first {
		c.note(NoteAuthFailed, "connected without logging in (no SASL): the broker refuses every request")
		c.setFatal()
	}
}

func (c *Collector) accepted(cn *conn) {
	c.mu.Lock()
	c.conns[cn.remote] = cn
	c.mu.Unlock()
}

// Positions returns, for each partition of topic, the offset the
// program's consumers last asked to fetch from: where their position is.
// A partition is absent until a consumer of the program fetched it.
func (c *Collector) Positions(topic string) map[int32]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.fetched[topic])
}

// pollDriven lists the client libraries, as they name themselves in
// ApiVersions (KIP-511), whose consumers fetch only when the application
// polls, after it has handled what the previous poll returned: their
// position at the end of a partition shows the work done, not just the
// data received. kafka-python is one (its Fetch for the next records
// leaves once the loop over the previous ones is over, as measured);
// librdkafka, the Java client, sarama and franz-go fetch ahead in the
// background, so for them only a commit shows the work done.
var pollDriven = map[string]bool{"kafka-python": true}

// PositionsShowWork reports whether every client library of the program
// that named itself is one whose positions show the work done (see
// pollDriven), and at least one named itself.
func (c *Collector) PositionsShowWork() bool {
	c.mu.Lock()
	conns := make([]*conn, 0, len(c.conns))
	for _, cn := range c.conns {
		conns = append(conns, cn)
	}
	c.mu.Unlock()
	named := false
	for _, cn := range conns {
		if cn.ignore.Load() {
			continue
		}
		cn.mu.Lock()
		sw := cn.software
		cn.mu.Unlock()
		if sw != "" && !pollDriven[sw] {
			return false
		}
		named = named || sw != ""
	}
	return named
}

// resolve names a topic ID the program learnt from a Metadata answer;
// the caller holds c.mu.
func (c *Collector) resolve(id [16]byte) string {
	if name, ok := c.topicIDs[id]; ok {
		return name
	}
	return fmt.Sprintf("(topic id %x)", id[:4])
}

// sawRequest records what one of the program's requests names, and where
// its fetches are.
func (c *Collector) sawRequest(cn *conn, clientID string, req kmsg.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cn.ignore.Load() {
		return
	}
	if f, ok := req.(*kmsg.FetchRequest); ok {
		for topic, parts := range fetchOffsets(f, c.resolve) {
			if c.fetched[topic] == nil {
				c.fetched[topic] = map[int32]int64{}
			}
			maps.Copy(c.fetched[topic], parts)
		}
		c.sawFetchBy(cn, f)
	}
	if j, ok := req.(*kmsg.JoinGroupRequest); ok {
		c.asked[j.Group] = true
	}
	n := namesOf(req, c.resolve)
	c.clientIDs[clientID] = true
	for _, g := range n.groups {
		c.groups[g] = true
	}
	for _, t := range n.topics {
		c.topics[t] = true
	}
}

// sawAnswer records the refusals and joins in an answer to the program.
func (c *Collector) sawAnswer(req kmsg.Request, clientID string, resp kmsg.Response) {
	var notes []Note
	c.mu.Lock()
	if m, ok := resp.(*kmsg.MetadataResponse); ok {
		maps.Copy(c.topicIDs, topicIDsOf(m))
	}
	for _, d := range denialsOf(req, resp, c.resolve) {
		if !c.denied[d] {
			c.denied[d] = true
			c.ev.Denials = append(c.ev.Denials, d)
			notes = append(notes, Note{NoteDenied, fmt.Sprintf("%s refused by the ACLs: %s", d.Request, d.what())})
		}
	}
	if j, ok := resp.(*kmsg.JoinGroupResponse); ok && j.ErrorCode == 0 {
		m := Member{Group: req.(*kmsg.JoinGroupRequest).Group, ClientID: clientID}
		if !c.joined[m] {
			c.joined[m] = true
			c.ev.Joined = append(c.ev.Joined, m)
			notes = append(notes, Note{NoteJoined, fmt.Sprintf("joined consumer group %q (client id %q)", m.Group, m.ClientID)})
		}
	}
	c.mu.Unlock()
	for _, n := range notes {
		if n.Kind == NoteDenied {
			c.setFatal()
		}
		c.note(n.Kind, n.Text)
	}
}

func (c *Collector) note(k NoteKind, text string) {
	if c.OnNote != nil {
		c.OnNote(Note{Kind: k, Text: text})
	}
}

// Produced is a run of records one produce wrote to a partition.
type Produced struct {
	// User is the user the producer logged in as ("" without SASL).
	User      string
	Topic     string
	Partition int32
	// Offset is the first record's offset, and Count how many there are.
	Offset int64
	Count  int
}

// sawProduced reports the records of an answered produce to OnProduce.
func (c *Collector) sawProduced(user string, produced []Produced, resp *kmsg.ProduceResponse) {
	if c.OnProduce == nil {
		return
	}
	c.mu.Lock()
	var out []Produced
	for _, t := range resp.Topics {
		name, key := topicOf(t.Topic, t.TopicID, c.resolve), t.Topic
		if key == "" {
			key = fmt.Sprintf("%x", t.TopicID) // as producedBy keyed it
		}
		for _, p := range t.Partitions {
			if p.ErrorCode != 0 {
				continue
			}
			for _, w := range produced {
				if w.Partition == p.Partition && w.Topic == key {
					w.User, w.Topic, w.Offset = user, name, p.BaseOffset
					out = append(out, w)
				}
			}
		}
	}
	c.mu.Unlock()
	for _, w := range out {
		c.OnProduce(w)
	}
}

// what names the refused resource: `group "team3"`.
func (d Denial) what() string {
	if d.Resource == "cluster" {
		return "the cluster"
	}
	return fmt.Sprintf("%s %q", d.Resource, d.Name)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
