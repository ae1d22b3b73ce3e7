//go:build !race

package graph

const cpuScale = 1
