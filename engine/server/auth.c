/*
 * auth.c - passwords (Argon2id through libsodium), session tokens, CSRF
 * tokens, and the one table from application roles to database roles.
 */
#include "api.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

/* What each application role may do in the database: the group role a
 * request takes (SET LOCAL ROLE). Finer rights per role (who forwards
 * which step, who refuses) are for later; the door (migration 0012)
 * decides what each group role may do. */
static const struct {
	const char *role, *db_role, *vn;
} roles[] = {
	{ "clerk", "motcua_clerk", "Tiếp nhận" },
	{ "specialist", "motcua_clerk", "Chuyên viên" },
	{ "head", "motcua_clerk", "Lãnh đạo phòng" },
	{ "leader", "motcua_clerk", "Lãnh đạo Sở" },
	{ "office", "motcua_office", "Văn phòng" },
	{ "admin", "motcua_office", "Quản trị" },
	{ "auditor", "motcua_auditor", "Kiểm tra" },
	{ "integration", "motcua_clerk", "Tích hợp (máy)" },
};

const char *const mc_role_names[] = {
	"clerk", "specialist", "head", "leader", "office", "admin", "auditor", "integration", NULL
};

const char *mc_role_db(const char *role, const char **vn)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(roles[i].role, role)) {
			if (vn)
				*vn = roles[i].vn;
			return roles[i].db_role;
		}
	return NULL;
}

/* The same table as two PostgreSQL array literals, for a statement that
 * takes the role itself (mc_store_token_begin): made by mc_auth_init. */
static char role_array[256], db_role_array[256];

const char *mc_role_array(void)
{
	return role_array;
}

const char *mc_role_db_array(void)
{
	return db_role_array;
}

int mc_auth_init(mc_error *err)
{
	if (sodium_init() < 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "libsodium failed to initialise");
	size_t a = 0, b = 0;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		/* names of letters and '_': nothing to quote */
		a += (size_t)snprintf(role_array + a, sizeof role_array - a, "%c%s", i ? ',' : '{',
				      roles[i].role);
		b += (size_t)snprintf(db_role_array + b, sizeof db_role_array - b, "%c%s",
				      i ? ',' : '{', roles[i].db_role);
	}
	if (a + 2 > sizeof role_array || b + 2 > sizeof db_role_array)
		return mc_error_set(err, MC_ERR_INTERNAL, "the table of roles is too long");
	strcat(role_array, "}");
	strcat(db_role_array, "}");
	return MC_OK;
}

int mc_password_hash(const char *password, char *out, mc_error *err)
{
	_Static_assert(crypto_pwhash_STRBYTES <= MC_PWHASH_MAX, "room for a hash");
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory hashing a password");
	return MC_OK;
}

int mc_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int mc_password_read(FILE *f, char *out, size_t n, mc_error *err)
{
	if (!fgets(out, (int)n, f))
		return mc_error_set(err, MC_ERR_USAGE, "no password on standard input");
	size_t len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = '\0';
	else if (len == n - 1 && !feof(f))
		return mc_error_set(err, MC_ERR_USAGE, "the password is longer than %zu bytes", n - 2);
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	if (len < 8) {
		sodium_memzero(out, n);
		return mc_error_set(err, MC_ERR_USAGE, "the password is shorter than 8 characters");
	}
	return MC_OK;
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, b, n);
}

int mc_token_new(char hex[65], mc_error *err)
{
	unsigned char raw[32];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t k = getrandom(raw + got, sizeof raw - got, 0);
		if (k < 0)
			return mc_error_set(err, MC_ERR_INTERNAL, "getrandom failed");
		got += (size_t)k;
	}
	to_hex(raw, sizeof raw, hex);
	sodium_memzero(raw, sizeof raw);
	return MC_OK;
}

int mc_token_hash(const char *hex, unsigned char out[32])
{
	unsigned char raw[32];
	size_t len = 0;
	if (!hex || strlen(hex) != 64 ||
	    sodium_hex2bin(raw, sizeof raw, hex, 64, NULL, &len, NULL) != 0 || len != 32)
		return -1;
	crypto_hash_sha256(out, raw, sizeof raw);
	return 0;
}

void mc_token_csrf(const char *hex, char out[65])
{
	static const char label[] = "motcua csrf v1:";
	unsigned char h[32];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)label, sizeof label - 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)hex, strlen(hex));
	crypto_hash_sha256_final(&st, h);
	to_hex(h, sizeof h, out);
}

int mc_secure_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
