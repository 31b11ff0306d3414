/*
 * routes.h — the route table of `cwyn serve`: every URL the product
 * answers, in one place. Add new endpoints to routes.c.
 */
#ifndef CWYN_WEB_ROUTES_H
#define CWYN_WEB_ROUTES_H

#include <stddef.h>

#include "web/router.h"

extern const struct web_route web_routes[];
extern const size_t web_nroutes;

#endif
