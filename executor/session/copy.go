package session

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pgfast/pgfast/executor/pgcopy"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CopyFrom runs COPY ... FROM STDIN, reading the data stream (without protocol framing)
// from r until io.EOF. It returns the command tag ("COPY 1000").
func (s *Session) CopyFrom(ctx context.Context, p *Prepared, r io.Reader) (string, error) {
	if s.failed {
		return "", errAborted()
	}
	st, err := s.rebind(p)
	if err == nil {
		err = s.settleReads()
	}
	if err != nil {
		return "", s.statementError(err)
	}
	if err := s.checkReadOnly(st); err != nil {
		return "", s.statementError(err)
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, nil)
	n, err := pgcopy.From(ectx, st, r)
	if err == nil {
		err = s.finishWrites(ectx, implicit)
	}
	if err == nil && implicit {
		err = s.commitStatement(ctx, txn)
	}
	if err != nil {
		s.fail(txn, implicit)
		return "", err
	}
	return fmt.Sprintf("COPY %d", n), nil
}

// CopyTo runs COPY ... TO STDOUT, passing the data to emit in chunks of whole rows. It
// returns the command tag.
func (s *Session) CopyTo(ctx context.Context, p *Prepared, emit func([]byte) error) (string, error) {
	if s.failed {
		return "", errAborted()
	}
	st, err := s.rebind(p)
	if err == nil {
		err = s.settleReads()
	}
	if err != nil {
		return "", s.statementError(err)
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, nil)
	n, err := pgcopy.To(ectx, st, emit)
	if implicit {
		s.endImplicit(txn)
	}
	if err != nil {
		if !implicit {
			s.failed = true
		}
		return "", err
	}
	return fmt.Sprintf("COPY %d", n), nil
}

// copyFile runs COPY with a server-side file, as a superuser may in PostgreSQL.
func (s *Session) copyFile(ctx context.Context, p *Prepared) (string, error) {
	st := p.stmt
	if !filepath.IsAbs(st.CopyFile) {
		return "", s.statementError(pgerror.New(pgcode.InvalidName, "relative path not allowed for COPY to file"))
	}
	if st.Kind == planner.StmtCopyFromFile {
		f, err := os.Open(st.CopyFile)
		if err != nil {
			return "", s.statementError(fileError(err, "could not open file \"%s\" for reading", st.CopyFile))
		}
		defer f.Close()
		return s.CopyFrom(ctx, p, f)
	}
	f, err := os.Create(st.CopyFile)
	if err != nil {
		return "", s.statementError(fileError(err, "could not open file \"%s\" for writing", st.CopyFile))
	}
	w := bufio.NewWriterSize(f, 1<<16)
	tag, err := s.CopyTo(ctx, p, func(b []byte) error { _, err := w.Write(b); return err })
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fileError(cerr, "could not close file \"%s\"", st.CopyFile)
	}
	if err != nil {
		return "", err
	}
	return tag, nil
}

// fileError reports a file system error as PostgreSQL does ("...: No such file or directory").
func fileError(err error, format, name string) error {
	code := pgcode.IoError
	if errors.Is(err, fs.ErrNotExist) {
		code = pgcode.UndefinedFile
	} else if errors.Is(err, fs.ErrPermission) {
		code = pgcode.InsufficientPrivilege
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "No such file or directory"
		} else if errors.Is(err, fs.ErrPermission) {
			msg = "Permission denied"
		}
	}
	return pgerror.Newf(code, format+": %s", name, msg)
}
