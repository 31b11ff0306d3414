/*
 * language.h — the two languages cwyn works in.
 */
#ifndef CWYN_CORE_LANGUAGE_H
#define CWYN_CORE_LANGUAGE_H

enum language { LANG_EN = 0, LANG_CY, LANG__MAX };

#endif
