// Package logreg is the logreg extension: logistic regression in SQL.
package logreg
