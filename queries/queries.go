// Package queries holds the SQL models that `cohesion run` builds, one model per file, and the
// data tests beside them (tests/*.sql: each returns offending rows; zero rows pass).
package queries

import "embed"

// Models is the embedded model and test SQL: *.sql are models named by their file, tests/*.sql
// are data tests.
//
//go:embed *.sql tests/*.sql
var Models embed.FS

// Named is the embedded named queries that `cohesion query NAME` runs over the marts:
// named/NAME.sql, each opening with a comment header giving its description and parameters.
//
//go:embed named/*.sql
var Named embed.FS
