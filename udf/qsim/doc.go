// Package qsim is the qsim extension: a quantum circuit simulator in SQL.
package qsim
