package container

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// TestCloseLeavesNothing checks that Close removes the broker's container
// and that no volume or network it made outlives it, asking the engine
// itself rather than trusting testcontainers' bookkeeping.
func TestCloseLeavesNothing(t *testing.T) {
	requireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	engine, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	volumesBefore, networksBefore := volumes(ctx, t, engine), networks(ctx, t, engine)

	b, err := Start(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	id := b.ContainerID()
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: got %v, want nil (Close is idempotent)", err)
	}

	if _, err := engine.ContainerInspect(ctx, id, client.ContainerInspectOptions{}); err == nil {
		t.Errorf("container %s still exists after Close", id)
	}
	if got := volumes(ctx, t, engine); !slices.Equal(got, volumesBefore) {
		t.Errorf("volumes after Close: got %q, want %q", got, volumesBefore)
	}
	if got := networks(ctx, t, engine); !slices.Equal(got, networksBefore) {
		t.Errorf("networks after Close: got %q, want %q", got, networksBefore)
	}
}

func volumes(ctx context.Context, t *testing.T, engine *testcontainers.DockerClient) []string {
	t.Helper()
	res, err := engine.VolumeList(ctx, client.VolumeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range res.Items {
		names = append(names, v.Name)
	}
	slices.Sort(names)
	return names
}

func networks(ctx context.Context, t *testing.T, engine *testcontainers.DockerClient) []string {
	t.Helper()
	res, err := engine.NetworkList(ctx, client.NetworkListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range res.Items {
		names = append(names, n.Name)
	}
	slices.Sort(names)
	return names
}
