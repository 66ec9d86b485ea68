/*
 * url.c - the http(s)-only rule for links made from data (see url.h).
 */
#include "render/url.h"

#include <strings.h>

int url_is_web(const char *s, size_t len)
{
	size_t k;
	if (!s)
		return 0;
	if (len >= 7 && !strncasecmp(s, "http://", 7))
		k = 7;
	else if (len >= 8 && !strncasecmp(s, "https://", 8))
		k = 8;
	else
		return 0;
	/* a host: something before the path, query or fragment */
	if (k >= len || s[k] == '/' || s[k] == '?' || s[k] == '#' || s[k] == '\\')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}
