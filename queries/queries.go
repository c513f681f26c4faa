// Package queries holds the SQL models that `cohesion run` builds, one model per file, and the
// data tests beside them (tests/*.sql: each returns offending rows; zero rows pass).
package queries

import "embed"

// Models is the embedded model and test SQL: *.sql are models named by their file, tests/*.sql
// are data tests.
//
//go:embed *.sql tests/*.sql
var Models embed.FS
