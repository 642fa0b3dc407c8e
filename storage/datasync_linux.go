package storage

import (
	"os"
	"syscall"
)

// datasync flushes f's data and the metadata needed to read it back (its size), but not
// its timestamps: one journal write less than fsync on an append.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
