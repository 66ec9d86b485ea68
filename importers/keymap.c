/*
 * keymap.c - open-addressing map of hash-like keys (see keymap.h).
 */
#include "importers/keymap.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/base/strbuf.h"

void keymap_init(struct keymap *m, size_t keylen)
{
	memset(m, 0, sizeof(*m));
	m->keylen = keylen;
}

static size_t slot_of(const struct keymap *m, const void *key)
{
	uint64_t h;
	memcpy(&h, key, sizeof(h));
	h ^= h >> 29;
	return (size_t)(h & (m->cap - 1));
}

int keymap_get(const struct keymap *m, const void *key, int64_t *val)
{
	if (!m->cap)
		return 0;
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->used[i])
			return 0;
		if (!memcmp(m->keys + i * m->keylen, key, m->keylen)) {
			*val = m->vals[i];
			return 1;
		}
	}
}

static void put_raw(struct keymap *m, const void *key, int64_t val)
{
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->used[i]) {
			m->used[i] = 1;
			memcpy(m->keys + i * m->keylen, key, m->keylen);
			m->vals[i] = val;
			m->nr++;
			return;
		}
		if (!memcmp(m->keys + i * m->keylen, key, m->keylen)) {
			m->vals[i] = val;
			return;
		}
	}
}

void keymap_put(struct keymap *m, const void *key, int64_t val)
{
	if (2 * (m->nr + 1) > m->cap) {
		struct keymap old = *m;
		m->cap = old.cap ? old.cap * 2 : 1024;
		m->nr = 0;
		m->keys = xmalloc(m->cap * m->keylen);
		m->vals = xmalloc(m->cap * sizeof(int64_t));
		m->used = xcalloc(m->cap, 1);
		for (size_t i = 0; i < old.cap; i++)
			if (old.used[i])
				put_raw(m, old.keys + i * old.keylen, old.vals[i]);
		free(old.keys);
		free(old.vals);
		free(old.used);
	}
	put_raw(m, key, val);
}

void keymap_release(struct keymap *m)
{
	if (!m)
		return;
	free(m->keys);
	free(m->vals);
	free(m->used);
	memset(m, 0, sizeof(*m));
}
