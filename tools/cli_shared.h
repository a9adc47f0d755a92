/*
 * cli_shared.h - steps one subcommand reuses from another.
 */
#ifndef MOTCUA_CLI_SHARED_H
#define MOTCUA_CLI_SHARED_H

/* `motcua db migrate`: open the database and apply pending migrations. */
int cli_db_migrate(int quiet);

#endif
