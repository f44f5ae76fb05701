package consumer

import (
	"github.com/openova/envcontract/internal/finding"

	"go/types"
	"reflect"
	"regexp"
	"strings"
)

// fieldRule reads one struct field for a library: the name it reads (empty
// for none), whether it is required, its default, and for a nested struct
// the prefix its fields take (nest false: not a nested struct to walk).
type fieldRule func(v *types.Var, tag reflect.StructTag, prefix string, isStruct bool) (r fieldRead)

type fieldRead struct {
	name     string
	required bool
	def      *string
	nest     bool
	prefix   string // for nest: the nested fields' prefix
}

// structReads walks the fields of a struct type (through pointers and
// nested structs) and records what rule reads, at each field.
func (l *loader) structReads(t types.Type, prefix, via string, rule fieldRule, loc finding.Pos, f *found, depth int) {
	if t == nil || depth > maxStructDepth {
		if depth == 0 {
			f.dynamic = append(f.dynamic, loc)
		}
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		if depth == 0 {
			f.dynamic = append(f.dynamic, loc)
		}
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		ft := v.Type()
		if ptr, ok := ft.Underlying().(*types.Pointer); ok {
			ft = ptr.Elem()
		}
		_, isStruct := ft.Underlying().(*types.Struct)
		r := rule(v, reflect.StructTag(st.Tag(i)), prefix, isStruct)
		if r.nest {
			l.structReads(ft, r.prefix, via, rule, loc, f, depth+1)
			continue
		}
		if r.name == "" {
			continue
		}
		f.hits = append(f.hits, hit{name: r.name, pos: l.location(v.Pos()), via: via, required: r.required, def: r.def})
	}
}

// caarlosField is github.com/caarlos0/env: env:"NAME,required,notEmpty,…",
// envDefault:"…", envPrefix:"…" on a nested struct.
func caarlosField(v *types.Var, tag reflect.StructTag, prefix string, isStruct bool) fieldRead {
	envTag, hasEnv := tag.Lookup("env")
	if isStruct && (!hasEnv || envTag == "") {
		return fieldRead{nest: true, prefix: prefix + tag.Get("envPrefix")}
	}
	if !v.Exported() || !hasEnv {
		return fieldRead{}
	}
	parts := strings.Split(envTag, ",")
	if parts[0] == "" || parts[0] == "-" {
		return fieldRead{}
	}
	r := fieldRead{name: prefix + parts[0]}
	for _, o := range parts[1:] {
		r.required = r.required || o == "required" || o == "notEmpty"
	}
	if d, ok := tag.Lookup("envDefault"); ok {
		r.def = &d
	}
	return r
}

// kelseyField is github.com/kelseyhightower/envconfig: the field name (or
// its envconfig tag, or with split_words its words joined by _), after
// PREFIX_, in upper case; default:"…", required:"true", ignored:"true". A
// nested struct takes the field's key as its prefix, an embedded one the
// same prefix.
func kelseyField(v *types.Var, tag reflect.StructTag, prefix string, isStruct bool) fieldRead {
	if !v.Exported() || tag.Get("ignored") == "true" {
		return fieldRead{}
	}
	key := v.Name()
	alt := tag.Get("envconfig")
	if tag.Get("split_words") == "true" && alt == "" {
		key = splitWords(key)
	}
	if alt != "" {
		key = alt
	}
	if prefix != "" {
		key = prefix + "_" + key
	}
	key = strings.ToUpper(key)
	if isStruct {
		if v.Anonymous() && alt == "" {
			return fieldRead{nest: true, prefix: prefix}
		}
		return fieldRead{nest: true, prefix: key}
	}
	r := fieldRead{name: key, required: tag.Get("required") == "true"}
	if d, ok := tag.Lookup("default"); ok {
		r.def = &d
	}
	return r
}

var (
	gatherWords = regexp.MustCompile("([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+)")
	acronym     = regexp.MustCompile("([A-Z]+)([A-Z][^A-Z]+)")
)

// splitWords splits a field name into words as envconfig's split_words does:
// MaxRetryCount is Max_Retry_Count, APIKey is API_Key.
func splitWords(name string) string {
	var words []string
	for _, w := range gatherWords.FindAllString(name, -1) {
		if m := acronym.FindStringSubmatch(w); len(m) == 3 {
			words = append(words, m[1], m[2])
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, "_")
}

// sethvargoField is github.com/sethvargo/go-envconfig:
// env:"NAME,required,default=…", and env:",prefix=P_" on a nested struct.
func sethvargoField(v *types.Var, tag reflect.StructTag, prefix string, isStruct bool) fieldRead {
	envTag, hasEnv := tag.Lookup("env")
	name, opts, _ := strings.Cut(envTag, ",")
	if isStruct && name == "" {
		r := fieldRead{nest: true, prefix: prefix}
		for _, o := range strings.Split(opts, ",") {
			if p, ok := strings.CutPrefix(o, "prefix="); ok {
				r.prefix = prefix + p
			}
		}
		return r
	}
	if !v.Exported() || !hasEnv || name == "" || name == "-" {
		return fieldRead{}
	}
	r := fieldRead{name: prefix + name}
	for opts != "" {
		var o string
		if strings.HasPrefix(opts, "default=") {
			o, opts = opts, "" // a default runs to the end of the tag, commas and all
		} else {
			o, opts, _ = strings.Cut(opts, ",")
		}
		switch {
		case o == "required":
			r.required = true
		case strings.HasPrefix(o, "default="):
			d := strings.TrimPrefix(o, "default=")
			r.def = &d
		}
	}
	return r
}
