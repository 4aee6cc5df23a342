package middleware

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIPs derives the client address: the peer address, unless the peer
// is a trusted proxy, in which case the right-most X-Forwarded-For entry
// that is not itself a trusted proxy. An untrusted peer cannot spoof it
// (chi's RealIP trusts any header and is deprecated for that reason).
func ClientIPs(trusted []netip.Prefix) func(http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := peer(r.RemoteAddr)
			if ip.IsValid() && isTrusted(ip) {
				hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
				for i := len(hops) - 1; i >= 0; i-- {
					h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
					if err != nil {
						break // a malformed hop: stop at the last address we could trust
					}
					ip = h.Unmap()
					if !isTrusted(ip) {
						break
					}
				}
			}
			s := ""
			if ip.IsValid() {
				s = ip.String()
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey, s)))
		})
	}
}

func peer(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}
