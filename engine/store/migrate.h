/*
 * migrate.h - numbered SQL migrations.
 *
 * Files named NNNN_name.sql in a directory are applied in version order,
 * each in its own transaction, under a session advisory lock, and recorded in
 * motcua.schema_migration with their SHA-256. An applied file whose content
 * changed is an error naming the file; so is a recorded version whose file
 * is gone.
 */
#ifndef MOTCUA_MIGRATE_H
#define MOTCUA_MIGRATE_H

#include <stddef.h>
#include "error.h"
#include "store.h"

typedef struct mc_migration {
	int version;
	char name[128];        /* "0001_schema.sql" */
	char path[1024];
	char checksum[65];     /* of the file now */
	int applied;           /* recorded in the database */
	char applied_at[64];   /* when applied, "" if pending */
} mc_migration;

typedef struct mc_migration_list {
	mc_migration *items;
	size_t count;
} mc_migration_list;

/* Read the directory and the database's record. Fails on a tampered or
 * missing applied file. Free the list with mc_migration_list_free. */
int mc_migrate_status(mc_db *db, const char *dir, mc_migration_list *out,
		      mc_error *err);

/* Only the files in the directory, in order (no database needed). */
int mc_migrate_files(const char *dir, mc_migration_list *out, mc_error *err);

/* Apply what is pending. *applied counts the files applied now. If `report`
 * is not NULL it is called after each applied file. */
int mc_migrate_apply(mc_db *db, const char *dir, int *applied,
		     void (*report)(const mc_migration *m, void *arg), void *arg,
		     mc_error *err);

void mc_migration_list_free(mc_migration_list *list);

#endif
