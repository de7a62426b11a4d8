package broker

import (
	"context"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkacheck/kafkacheck/classroom"
)

// The helpers below are the parts of Broker that every backend writes the
// same way: one place, so that the backends cannot drift apart.

// ClassroomAdminOpts returns client options that connect to b as the
// classroom's admin (classroom.AdminUser), for a backend that creates the
// classroom's users itself.
func ClassroomAdminOpts(b Broker) []kgo.Opt {
	return ClientOpts(b, classroom.AdminUser, classroom.AdminPassword)
}

// Admin returns the kadm client of NewAdmin(b), for a backend's Admin
// method. The caller closes it.
func Admin(b Broker) (*kadm.Client, error) {
	_, adm, err := NewAdmin(b)
	return adm, err
}

// SetupClassroom creates p's topics and the classroom's ACLs on b through
// an admin client of its own (classroom.Setup).
func SetupClassroom(ctx context.Context, b Broker, p classroom.Profile) error {
	return withAdmin(b, func(cl *kgo.Client) error { return classroom.Setup(ctx, cl, p) })
}

// ResetClassroom deletes the team groups and recreates p's topics empty on
// b, through an admin client of its own (classroom.Reset).
func ResetClassroom(ctx context.Context, b Broker, p classroom.Profile) error {
	return withAdmin(b, func(cl *kgo.Client) error { return classroom.Reset(ctx, cl, p) })
}

// withAdmin calls f with an admin client of b, closed when f returns.
func withAdmin(b Broker, f func(*kgo.Client) error) error {
	cl, _, err := NewAdmin(b)
	if err != nil {
		return err
	}
	defer cl.Close()
	return f(cl)
}
