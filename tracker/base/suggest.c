/*
 * suggest.c - "did you mean" (see suggest.h).
 *
 * Owns the one edit distance the command line uses.  Bounded: the table is
 * on the stack and words over 63 bytes are simply "far".
 */
#include "tracker/base/suggest.h"

#include <string.h>

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return SUGGEST_FAR;
	size_t d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb] < SUGGEST_FAR ? d[la][lb] : SUGGEST_FAR;
}

const char *suggest_nearest(const char *word, const char *const *names, size_t n)
{
	size_t lw = strlen(word), best = SUGGEST_FAR, limit = lw <= 3 ? 1 : 2;
	const char *pick = NULL;
	for (size_t k = 0; k < n; k++) {
		const char *name = names[k];
		if (!name || !strncmp(name, "__", 2))
			continue;
		size_t d = suggest_distance(word, name);
		if (lw >= 2 && !strncmp(name, word, lw) && d > limit)
			d = limit; /* a prefix of a name counts as near */
		if (d < best)
			best = d, pick = name;
	}
	return best <= limit ? pick : NULL;
}
