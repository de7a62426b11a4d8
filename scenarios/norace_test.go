//go:build !race

package scenarios

const raceFactor = 1
