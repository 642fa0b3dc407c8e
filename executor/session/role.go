package session

import (
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The session's roles: the user it logged in as (login, fixed), the session user
// (session_authorization, which SET SESSION AUTHORIZATION changes) and the current role
// (role, which SET ROLE changes; "none" means the session user). Privileges are checked
// for the current role, which is current_user.

// sessionUser returns session_user.
func (s *Session) sessionUser() string { return s.settings.Value("session_authorization") }

// currentRole returns current_user: the role SET ROLE chose, or the session user.
func (s *Session) currentRole() string {
	if r := s.settings.Value("role"); r != "" && r != "none" {
		return r
	}
	return s.sessionUser()
}

// checkRoleSetting checks SET ROLE and SET SESSION AUTHORIZATION as PostgreSQL does: the
// role must exist; SET ROLE needs the session user to be a superuser or a member of it,
// SET SESSION AUTHORIZATION the logged-in user to be a superuser (or to name itself).
func (s *Session) checkRoleSetting(name, value string) error {
	if name != "role" && name != "session_authorization" || value == "" || name == "role" && value == "none" {
		return nil
	}
	cat := s.currentCatalog()
	target := cat.Role(value)
	if target == nil {
		return pgerror.Newf(pgcode.InvalidParameterValue, "role \"%s\" does not exist", value)
	}
	switch name {
	case "role":
		me := cat.Role(s.sessionUser())
		if me == nil || me.Superuser || cat.HasRoleOf(me.OID, target.OID, false) {
			return nil
		}
		return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied to set role \"%s\"", value)
	case "session_authorization":
		login := cat.Role(s.login)
		if login == nil || login.Superuser || login.OID == target.OID {
			return nil
		}
		return pgerror.New(pgcode.InsufficientPrivilege, "permission denied to set session authorization")
	}
	return nil
}
