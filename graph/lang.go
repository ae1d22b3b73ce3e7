package graph

import (
	"context"
	"net/http"

	"golang.org/x/text/language"

	"careergraph/career"
)

// The languages the API speaks, in the order the matcher prefers them.
var (
	langTags    = []language.Tag{language.English, language.French}
	langOf      = []career.Lang{career.English, career.French}
	langMatcher = language.NewMatcher(langTags)
)

// MaxAcceptLanguage bounds the Accept-Language header the API reads:
// browsers send under 100 bytes, and parsing costs per entry (a 1 MB
// header, 340,000 entries, takes ~0.3 s of CPU). The HTTP guard refuses
// a longer one.
const MaxAcceptLanguage = 256

// Languages reads the request's Accept-Language (at most
// MaxAcceptLanguage bytes; a longer one is ignored here and refused by the
// HTTP guard): its best match among the API's languages becomes the
// default of every `lang` argument left out. A header that names neither
// sets nothing.
func Languages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Language")
		if h := r.Header.Get("Accept-Language"); h != "" && len(h) <= MaxAcceptLanguage {
			// ParseAcceptLanguage bounds its own work on long headers.
			if tags, _, err := language.ParseAcceptLanguage(h); err == nil && len(tags) > 0 {
				if _, i, c := langMatcher.Match(tags...); c != language.No {
					var q *Request
					r, q = requestFor(r)
					q.lang, q.hasLang = langOf[i], true
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// preferredLang is the request's language, when its header named one.
func preferredLang(ctx context.Context) (career.Lang, bool) {
	q := guardedRequest(ctx)
	if q == nil {
		q = requestOf(ctx)
	}
	if q != nil && q.hasLang {
		return q.lang, true
	}
	return "", false
}

// langOr is the language a field answers in: the argument, else the
// request's, else fallback.
func langOr(ctx context.Context, arg *career.Lang, fallback career.Lang) career.Lang {
	if arg != nil {
		return *arg
	}
	if l, ok := preferredLang(ctx); ok {
		return l
	}
	return fallback
}
