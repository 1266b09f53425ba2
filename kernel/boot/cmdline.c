/* cmdline.c - find words and key=value options in a space-separated command line. */
#include "boot/cmdline.h"
#include "string.h"

/* Where the word "key" (or the value of "key=value" if want_value) starts, or NULL. */
static const char *find_word(const char *s, const char *key, size_t klen, bool want_value)
{
	if (!s)
		return NULL;
	while (*s) {
		while (*s == ' ')
			s++;
		const char *end = s;
		while (*end && *end != ' ')
			end++;
		size_t len = (size_t)(end - s);
		if (len >= klen && strncmp(s, key, klen) == 0) {
			if (!want_value && len == klen)
				return s;
			if (want_value && len > klen && s[klen] == '=')
				return s + klen + 1;
		}
		s = end;
	}
	return NULL;
}

/**
 * cmdline_has() - is @word one of the command line's words?
 */
bool cmdline_has(const char *cmdline, const char *word)
{
	return find_word(cmdline, word, strlen(word), false) != NULL;
}

/**
 * cmdline_value() - copy the value of "key=value" into buf (NUL-terminated).
 * Return: false if the key is absent or the value does not fit.
 */
bool cmdline_value(const char *cmdline, const char *key, char *buf, size_t size)
{
	const char *v = find_word(cmdline, key, strlen(key), true);
	if (!v || size == 0)
		return false;
	size_t n = 0;
	while (v[n] && v[n] != ' ')
		n++;
	if (n >= size)
		return false;
	memcpy(buf, v, n);
	buf[n] = 0;
	return true;
}
