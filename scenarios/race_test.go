//go:build race

package scenarios

// raceFactor widens time and memory bounds under the race detector, which
// multiplies both.
const raceFactor = 10
