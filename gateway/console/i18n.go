package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// The console's languages: go-i18n keeps one JSON catalog per language
// (CLDR plural rules, named template arguments, files a translator edits
// without touching Go), and golang.org/x/text matches Accept-Language and
// formats numbers per CLDR.
var (
	Langs    = []string{"en", "zh", "mn", "ru"}
	LangName = map[string]string{"en": "English", "zh": "中文", "mn": "Монгол", "ru": "Русский"}
	tags     = []language.Tag{language.English, language.Chinese, language.Mongolian, language.Russian}
	matcher  = language.NewMatcher(tags)
	// dateLayouts are each language's usual date and time (UTC).
	dateLayouts = map[string]string{"en": "2 Jan 2006 15:04 UTC", "zh": "2006年1月2日 15:04 UTC", "mn": "2006.01.02 15:04 UTC", "ru": "02.01.2006 15:04 UTC"}
)

//go:embed locales/*.json
var locales embed.FS

// Catalog is the message catalogs of every language.
type Catalog struct {
	bundle *i18n.Bundle
	loc    map[string]*i18n.Localizer
	// IDs are the English catalog's message ids (every language has them).
	IDs []string
	// decimal is each language's decimal separator.
	decimal map[string]string
}

// NewCatalog loads the embedded catalogs.
func NewCatalog() (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{bundle: b, loc: map[string]*i18n.Localizer{}, decimal: map[string]string{}}
	for i, l := range Langs {
		raw, err := locales.ReadFile("locales/" + l + ".json")
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(raw, l+".json"); err != nil {
			return nil, fmt.Errorf("console: catalog %s: %w", l, err)
		}
		if l == "en" {
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, err
			}
			for id := range m {
				c.IDs = append(c.IDs, id)
			}
		}
		c.loc[l] = i18n.NewLocalizer(b, l)
		// the separator CLDR gives the language, read off its formatting of 1.5
		s := message.NewPrinter(tags[i]).Sprint(number.Decimal(1.5))
		c.decimal[l] = strings.TrimSuffix(strings.TrimPrefix(s, "1"), "5")
	}
	return c, nil
}

// T is message id in lang with named arguments; an id missing from the
// catalog shows as itself (a test keeps every id in every language).
func (c *Catalog) T(lang, id string, data map[string]any) string {
	loc, ok := c.loc[lang]
	if !ok {
		loc = c.loc["en"]
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether lang's own catalog has id (no fallback).
func (c *Catalog) Has(lang, id string) bool {
	_, tag, err := c.loc[lang].LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	base, _ := tag.Base()
	return err == nil && base.String() == lang
}

// Pick is the language of a request without a session: ?lang=, then
// Accept-Language, then English.
func Pick(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); LangName[l] != "" {
		return l
	}
	tag, _ := language.MatchStrings(matcher, r.Header.Get("Accept-Language"))
	base, _ := tag.Base()
	if LangName[base.String()] != "" {
		return base.String()
	}
	return "en"
}

// Int formats an integer with lang's grouping.
func (c *Catalog) Int(lang string, v *big.Int) string {
	if v == nil {
		return ""
	}
	if v.IsInt64() {
		return message.NewPrinter(tagOf(lang)).Sprint(number.Decimal(v.Int64()))
	}
	return v.String()
}

// Amount formats minor units with the currency's exponent: 1234567 with
// exponent 2 is 12,345.67 in English, 12 345,67 in Russian. Exact: the
// units are split as integers, never through a float.
func (c *Catalog) Amount(lang, minor string, exponent int) string {
	v, ok := new(big.Int).SetString(strings.TrimSpace(minor), 10)
	if !ok {
		return minor
	}
	neg := v.Sign() < 0
	v.Abs(v)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exponent)), nil)
	whole, frac := new(big.Int).QuoRem(v, scale, new(big.Int))
	s := c.Int(lang, whole)
	if exponent > 0 {
		s += c.decimal[lang] + fmt.Sprintf("%0*s", exponent, frac.String())
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Date formats t (UTC) per lang.
func (c *Catalog) Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l, ok := dateLayouts[lang]
	if !ok {
		l = dateLayouts["en"]
	}
	return t.UTC().Format(l)
}

func tagOf(lang string) language.Tag {
	for i, l := range Langs {
		if l == lang {
			return tags[i]
		}
	}
	return language.English
}
