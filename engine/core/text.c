/*
 * text.c - checking typed texts (see text.h).
 */
#include "text.h"

/* Length of the UTF-8 sequence starting at s (1-4), or 0 if invalid:
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_len(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n;
	unsigned c;
	if ((s[0] & 0xE0) == 0xC0) { n = 2; c = s[0] & 0x1F; }
	else if ((s[0] & 0xF0) == 0xE0) { n = 3; c = s[0] & 0x0F; }
	else if ((s[0] & 0xF8) == 0xF0) { n = 4; c = s[0] & 0x07; }
	else return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int mc_text_check(const char *field, const char *value, size_t max, int multiline,
		  mc_error *err)
{
	if (!value)
		return MC_OK;
	const unsigned char *p = (const unsigned char *)value;
	size_t chars = 0;
	while (*p) {
		unsigned cp;
		size_t n = utf8_len(p, &cp);
		if (!n)
			return mc_error_set(err, MC_ERR_INPUT, "%s is not valid UTF-8 (at character %zu)",
					    field, chars + 1);
		int control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
		if (control && !(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) {
			mc_error_set(err, MC_ERR_INPUT, "%s contains a control character (U+%04X at character %zu)",
				     field, cp, chars + 1);
			if (cp == '\n')
				mc_error_hint(err, "%s is one line", field);
			return MC_ERR_INPUT;
		}
		p += n;
		if (++chars > max)
			return mc_error_set(err, MC_ERR_INPUT, "%s is longer than %zu characters",
					    field, max);
	}
	return MC_OK;
}

int mc_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
