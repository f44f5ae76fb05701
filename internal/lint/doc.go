// Package lint holds a chart's templates to its values schema.
//
// It parses the templates with text/template/parse and the names of every
// function Helm's engine offers (sprig's, Helm's own and text/template's),
// then walks each template abstractly (walk.go): every branch once, dot
// and variables bound to the chart values they stand for, through with,
// range (any element is "*"), variables, index/get/dig with constant keys,
// include and template (followed with their argument, a dict built with
// dict included, once per template and argument), required and default.
// What cannot be followed (a template named at run time, tpl, a key known
// only at run time) is an info finding, and what was passed there counts as
// read in full.
//
// The uses are then compared with the schema (schema.go, read as YAML nodes
// so that findings carry its lines): a value read but not declared
// (undeclared-value: the schema is stale), a value declared but read by
// nothing (dead-value), and a use whose shape the schema rules out
// (shape-clash: range over a string, a map printed into text, a key read
// from a scalar). The schema keywords read are properties,
// patternProperties, additionalProperties, items, prefixItems, type, and
// local $ref, allOf, anyOf, oneOf, then and else; a schema that says
// nothing of a value's shape never yields a shape clash.
//
// Template findings are at template file:line:column, schema findings at
// the schema's line and column; both carry the values' JSON pointer.
// lint imports no Helm package: the caller loads the chart.
package lint
