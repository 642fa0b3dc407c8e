package planner

import (
	"errors"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// View options (pg_class.reloptions of a view): check_option (local or cascaded; WITH
// [LOCAL | CASCADED] CHECK OPTION sets it too), security_barrier and security_invoker
// (booleans). They are kept as name=value texts in the order given, as PostgreSQL lists
// them, with values normalized (a boolean without a value is true).

// viewOptionNames are the options a view accepts.
var viewOptionNames = []string{"check_option", "security_barrier", "security_invoker"}

// viewOptions reads the WITH (...) list of CREATE VIEW or ALTER VIEW ... SET (...) onto
// opts (the view's current options), and WITH CHECK OPTION after them.
func viewOptions(opts []string, list []*pg_query.Node, check pg_query.ViewCheckOption) ([]string, error) {
	out := slices.Clone(opts)
	given := map[string]bool{}
	set := func(name, value string) {
		for i, o := range out {
			if k, _, _ := strings.Cut(o, "="); k == name {
				out[i] = name + "=" + value
				return
			}
		}
		out = append(out, name+"="+value)
	}
	for _, n := range list {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		name := strings.ToLower(d.Defname)
		if d.Defnamespace != "" || !slices.Contains(viewOptionNames, name) {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized parameter \"%s\"", d.Defname)
		}
		if given[name] {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "parameter \"%s\" specified more than once", name)
		}
		given[name] = true
		v, err := viewOptionValue(name, d)
		if err != nil {
			return nil, err
		}
		set(name, v)
	}
	switch check {
	case pg_query.ViewCheckOption_LOCAL_CHECK_OPTION, pg_query.ViewCheckOption_CASCADED_CHECK_OPTION:
		if given["check_option"] {
			return nil, pgerror.New(pgcode.InvalidParameterValue, "parameter \"check_option\" specified more than once")
		}
		v := "cascaded"
		if check == pg_query.ViewCheckOption_LOCAL_CHECK_OPTION {
			v = "local"
		}
		set("check_option", v)
	}
	return out, nil
}

// viewOptionValue checks and normalizes the value of one option.
func viewOptionValue(name string, d *pg_query.DefElem) (string, error) {
	raw := "true"
	if tn, ok := d.Arg.GetNode().(*pg_query.Node_TypeName); ok {
		// A bare word (check_option=local) parses as a type name.
		raw = strVal(tn.TypeName.Names[len(tn.TypeName.Names)-1])
	} else if d.Arg != nil {
		raw = defElemString(d)
	}
	if name == "check_option" {
		if v := strings.ToLower(raw); v == "local" || v == "cascaded" {
			return v, nil
		}
		return "", pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for enum option \"check_option\": %s", raw).
			WithDetail("Valid values are \"local\" and \"cascaded\".")
	}
	v, err := types.ParseBool(raw)
	if err != nil {
		return "", pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for boolean option \"%s\": %s", name, raw)
	}
	if v {
		return "true", nil
	}
	return "false", nil
}

// resetViewOptions removes the options ALTER VIEW ... RESET (...) names.
func resetViewOptions(opts []string, list []*pg_query.Node) ([]string, error) {
	out := slices.Clone(opts)
	for _, n := range list {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		name := strings.ToLower(d.Defname)
		if !slices.Contains(viewOptionNames, name) {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized parameter \"%s\"", d.Defname)
		}
		out = slices.DeleteFunc(out, func(o string) bool {
			k, _, _ := strings.Cut(o, "=")
			return k == name
		})
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// checkOptionAllowed refuses a check option on a view that is not automatically
// updatable, as PostgreSQL's DefineView does, with the reason as the hint.
func (b *binder) checkOptionAllowed(def *catalog.TableDef) error {
	if def.ViewOption("check_option") == "" {
		return nil
	}
	lvl, err := b.analyzeView(def, true)
	if err != nil {
		return err
	}
	if lvl.detail != "" {
		return pgerror.New(pgcode.FeatureNotSupported, "WITH CHECK OPTION is supported only on automatically updatable views").
			WithHint(lvl.detail)
	}
	return nil
}

// alterView binds ALTER VIEW (or ALTER TABLE naming a view): column defaults (which an
// INSERT through the view stores where no value is given) and SET / RESET of options.
func (b *binder) alterView(s *pg_query.AlterTableStmt, old *catalog.TableDef) (*Statement, error) {
	if old.Kind != catalog.KindView {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a view", old.Name)
	}
	a := newAlterState(old)
	for _, n := range s.Cmds {
		cmd := n.Node.(*pg_query.Node_AlterTableCmd).AlterTableCmd
		var err error
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_ColumnDefault:
			i := a.column(cmd.Name)
			if i < 0 {
				return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, old.Name)
			}
			a.def.Columns[i].Default = ""
			if cmd.Def != nil {
				a.def.Columns[i].Default, err = b.columnDefault(cmd.Def, a.def.Columns[i])
			}
		case pg_query.AlterTableType_AT_SetRelOptions:
			a.def.ViewOptions, err = viewOptions(a.def.ViewOptions, cmd.Def.GetList().GetItems(), pg_query.ViewCheckOption_NO_CHECK_OPTION)
		case pg_query.AlterTableType_AT_ResetRelOptions:
			a.def.ViewOptions, err = resetViewOptions(a.def.ViewOptions, cmd.Def.GetList().GetItems())
		default:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "this form of ALTER VIEW is not supported yet")
		}
		if err != nil {
			var pe *pgerror.Error
			if errors.As(err, &pe) {
				pe.Position = 0 // PostgreSQL reports ALTER errors without a cursor
			}
			return nil, err
		}
	}
	if err := b.checkOptionAllowed(&a.def); err != nil {
		return nil, err
	}
	st := a.statement()
	if s.Objtype == pg_query.ObjectType_OBJECT_VIEW {
		st.Tag = "ALTER VIEW"
	}
	return st, nil
}

// viewCommandsOnly reports whether ALTER TABLE's subcommands are all ones alterView
// binds, which ALTER TABLE may apply to a view too.
func viewCommandsOnly(s *pg_query.AlterTableStmt) bool {
	for _, n := range s.Cmds {
		switch n.GetAlterTableCmd().GetSubtype() {
		case pg_query.AlterTableType_AT_ColumnDefault, pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
		default:
			return false
		}
	}
	return true
}
