package graph

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// WriteLimiter bounds the records written per client IP with a token
// bucket each: a write of n records takes n tokens, so one operation
// cannot write more than the burst however it is shaped.
// Buckets live in an LRU, so a flood of addresses cannot grow memory
// without bound. The client IP is the connection's peer address: behind a
// proxy, put the limit at the proxy.
type WriteLimiter struct {
	perSecond rate.Limit
	burst     int
	mu        sync.Mutex
	buckets   *lru.Cache[string, *rate.Limiter]
}

// NewWriteLimiter allows perSecond records per IP with bursts of burst;
// perSecond <= 0 disables the limit.
func NewWriteLimiter(perSecond float64, burst int) *WriteLimiter {
	if perSecond <= 0 {
		return nil
	}
	c, _ := lru.New[string, *rate.Limiter](10000)
	return &WriteLimiter{perSecond: rate.Limit(perSecond), burst: max(1, burst), buckets: c}
}

// fits refuses a write of n records over the burst: it can never pass.
func (l *WriteLimiter) fits(n int) error {
	if l != nil && n > l.burst {
		return badInput("this write holds %d records, at most %d allowed in one write (WRITE_BURST); split it, or use the import command for bulk loads", n, l.burst)
	}
	return nil
}

// reserve spends n tokens of ip's bucket, or refuses: a write over the
// burst can never pass, and is refused as such rather than as a matter of
// waiting. refund gives back all but one of them: a refused write still
// cost its checks.
func (l *WriteLimiter) reserve(ip string, n int) (refund func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	if err := l.fits(n); err != nil {
		return nil, err
	}
	l.mu.Lock()
	b, ok := l.buckets.Get(ip)
	if !ok {
		b = rate.NewLimiter(l.perSecond, l.burst)
		l.buckets.Add(ip, b)
	}
	l.mu.Unlock()
	now := time.Now()
	r := b.ReserveN(now, max(n, 1))
	if r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, coded(CodeRateLimited, "too many records written from this address; slow down and retry")
	}
	return func() {
		r.CancelAt(now)
		b.AllowN(time.Now(), 1)
	}, nil
}

// ClientIP records the peer IP in the request's Request.
func ClientIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		r, q := requestFor(r)
		q.ip = host
		next.ServeHTTP(w, r)
	})
}

func clientIP(ctx context.Context) string {
	if q := requestOf(ctx); q != nil {
		return q.ip
	}
	return ""
}
