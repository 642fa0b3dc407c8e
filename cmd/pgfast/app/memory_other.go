//go:build !linux

package app

// physicalMemory returns 0: the machine's memory is only read on Linux.
func physicalMemory() int64 { return 0 }
