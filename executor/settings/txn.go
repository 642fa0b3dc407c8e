package settings

// Parameters are transactional, as in PostgreSQL: in a transaction block, SET lasts past
// COMMIT but is undone by ROLLBACK, and SET LOCAL lasts until the block ends either way
// (a later SET in the block overrides it). The first change of a parameter in a block
// records its value before the block and the value it is to keep after COMMIT.

// txnValue is what a parameter changed in the open block returns to at its end.
type txnValue struct {
	before value // at BEGIN: restored by ROLLBACK
	commit value // restored by COMMIT: before, or the last session-level SET
}

// Begin starts a transaction block, whose isolation level is default_transaction_isolation
// until the block sets transaction_isolation.
func (s *Settings) Begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txn = map[string]*txnValue{}
	def := s.values[defaultIsolation]
	s.assign(byName[isolation], isolation, value{text: def.text, source: def.source}, true)
	def = s.values[defaultReadOnly]
	s.assign(byName[readOnly], readOnly, value{text: def.text, source: def.source}, true)
	def = s.values[defaultDeferrable]
	s.assign(byName[deferrable], deferrable, value{text: def.text, source: def.source}, true)
}

const (
	isolation         = "transaction_isolation"
	defaultIsolation  = "default_transaction_isolation"
	readOnly          = "transaction_read_only"
	defaultReadOnly   = "default_transaction_read_only"
	deferrable        = "transaction_deferrable"
	defaultDeferrable = "default_transaction_deferrable"
)

// ReadOnly reports whether the open block, or a transaction starting now outside one, is
// READ ONLY.
func (s *Settings) ReadOnly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readOnlyLocked() == "on"
}

func (s *Settings) readOnlyLocked() string {
	if s.txn == nil {
		return s.values[defaultReadOnly].text
	}
	return s.values[readOnly].text
}

// Deferrable reports whether the open block, or a transaction starting now outside one, is
// DEFERRABLE ("on" or "off").
func (s *Settings) Deferrable() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deferrableLocked()
}

func (s *Settings) deferrableLocked() string {
	if s.txn == nil {
		return s.values[defaultDeferrable].text
	}
	return s.values[deferrable].text
}

// Isolation returns the isolation level of the open block, or of a transaction starting
// now outside one: "read committed", "repeatable read", ... as SHOW prints them.
func (s *Settings) Isolation() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isolationLocked()
}

func (s *Settings) isolationLocked() string {
	if s.txn == nil {
		// Outside a block every statement is a transaction of the default level.
		return s.values[defaultIsolation].text
	}
	return s.values[isolation].text
}

// InBlock reports whether a transaction block is open.
func (s *Settings) InBlock() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txn != nil
}

// remember records, in a block, a parameter about to change for the first time in it.
func (s *Settings) remember(name string) {
	if s.txn == nil || s.txn[name] != nil {
		return
	}
	s.txn[name] = &txnValue{before: s.values[name], commit: s.values[name]}
}

// assign stores v as the value of name (p is nil for placeholder parameters): a change
// that is not LOCAL is also the value the block keeps at COMMIT.
func (s *Settings) assign(p *Param, name string, v value, local bool) {
	s.remember(name)
	if p != nil {
		s.store(p, v)
	} else {
		s.values[name] = v
		s.generation++
	}
	if t := s.txn[name]; t != nil && !local {
		t.commit = s.values[name]
	}
}

// End ends the transaction block: committed keeps session-level changes, otherwise every
// change made in the block is undone. SET LOCAL changes end either way.
func (s *Settings) End(committed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	txn := s.txn
	s.txn = nil
	for name, t := range txn {
		v := t.before
		if committed {
			v = t.commit
		}
		if p := byName[name]; p != nil {
			s.store(p, v)
		} else {
			s.values[name] = v
			s.generation++
		}
	}
}
