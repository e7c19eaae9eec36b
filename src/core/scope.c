/* scope.c — unit-tree scope checks by path prefix. */
#include "core/scope.h"
#include <string.h>

static const struct { unsigned bit; const char *name; } roles[] = {
	{ROLE_ADMIN, "admin"},     {ROLE_LEADER, "leader"},       {ROLE_OFFICER, "officer"},
	{ROLE_VIEWER, "viewer"},   {ROLE_INSPECTOR, "inspector"},
};

unsigned role_from_name(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return NULL;
}

int scope_path_contains(const char *scope_path, const char *unit_path)
{
	if (!scope_path || !unit_path)
		return 0;
	size_t n = strlen(scope_path);
	/* paths end with '/', so '/1/5/' never matches '/1/50/' */
	if (n < 2 || scope_path[0] != '/' || scope_path[n - 1] != '/')
		return 0;
	return strncmp(scope_path, unit_path, n) == 0;
}

int scope_can_write_unit(const td_user *u, const char *unit_path)
{
	return u && scope_path_contains(u->unit_path, unit_path);
}

int scope_can_read_unit(const td_user *u, const char *unit_path)
{
	if (!u)
		return 0;
	return scope_path_contains(u->unit_path, unit_path) ||
	       scope_path_contains(unit_path, u->unit_path);
}
