/*
 * components.c — GOV.UK Frontend components (see components.h). The
 * markup follows the Nunjucks templates of govuk-frontend 6, written out
 * by hand because cwyn renders in C.
 */
#include "web/pages/components.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"

void gv_error_summary(struct html *h, const struct gv_error *e, size_t n)
{
	if (n == 0)
		return;
	html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
	         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
	         "<div class=\"govuk-error-summary__body\">"
	         "<ul class=\"govuk-list govuk-error-summary__list\">",
	         N_("There is a problem"));
	for (size_t i = 0; i < n; i++) {
		char *href = arena_printf(h->arena, "#%s", e[i].field_id);
		html_fmt(h, "<li><a href=\"%u\">%T</a></li>", href ? href : "#",
		         e[i].msgid);
	}
	html_raw(h, "</ul></div></div></div>");
}

static void error_message(struct html *h, const char *id, const char *error)
{
	html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
	         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
	         id, N_("Error:"), error);
}

void gv_radios(struct html *h, const char *name, const char *legend,
               bool as_heading, const char *hint, const struct gv_option *opts,
               size_t n, const char *selected, const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         error ? " govuk-form-group--error" : "");
	/* aria-describedby names the hint and the error when present. */
	char *described = NULL;
	if (hint && error)
		described = arena_printf(h->arena, "%s-hint %s-error", name, name);
	else if (hint)
		described = arena_printf(h->arena, "%s-hint", name);
	else if (error)
		described = arena_printf(h->arena, "%s-error", name);
	if (described != NULL && described[0] != '\0')
		html_fmt(h, "<fieldset class=\"govuk-fieldset\" aria-describedby=\"%a\">",
		         described);
	else
		html_raw(h, "<fieldset class=\"govuk-fieldset\">");
	if (as_heading)
		html_fmt(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\">"
		         "<h1 class=\"govuk-fieldset__heading\">%T</h1></legend>", legend);
	else
		html_fmt(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">"
		         "%T</legend>", legend);
	if (hint)
		html_fmt(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>", name, hint);
	if (error)
		error_message(h, name, error);
	html_raw(h, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">");
	for (size_t i = 0; i < n; i++) {
		/* The first radio has the field's own id, so the error summary
		 * link lands on it (GOV.UK convention). */
		char *id = i == 0 ? arena_strdup(h->arena, name)
		                  : arena_printf(h->arena, "%s-%zu", name, i + 1);
		if (id == NULL) {
			h->failed = true;
			return;
		}
		bool checked = selected && strcmp(selected, opts[i].value) == 0;
		html_fmt(h, "<div class=\"govuk-radios__item\">"
		         "<input class=\"govuk-radios__input\" id=\"%a\" name=\"%a\" "
		         "type=\"radio\" value=\"%a\"", id, name, opts[i].value);
		if (checked)
			html_raw(h, " checked");
		if (opts[i].hint)
			html_fmt(h, " aria-describedby=\"%a-item-hint\"", id);
		html_fmt(h, "><label class=\"govuk-label govuk-radios__label\" for=\"%a\">%T</label>",
		         id, opts[i].label);
		if (opts[i].hint)
			html_fmt(h, "<div id=\"%a-item-hint\" class=\"govuk-hint govuk-radios__hint\">%T</div>",
			         id, opts[i].hint);
		html_raw(h, "</div>");
	}
	html_raw(h, "</div></fieldset></div>");
}

static void date_item(struct html *h, const char *name, const char *part,
                      const char *label, const char *value, bool bad,
                      const char *width, bool first)
{
	/* The first field carries the date's own id for the error summary. */
	char *id = first ? arena_strdup(h->arena, name)
	                 : arena_printf(h->arena, "%s-%s", name, part);
	char *fname = arena_printf(h->arena, "%s-%s", name, part);
	if (id == NULL || fname == NULL) {
		h->failed = true;
		return;
	}
	html_fmt(h, "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
	         "<label class=\"govuk-label govuk-date-input__label\" for=\"%a\">%T</label>"
	         "<input class=\"govuk-input govuk-date-input__input %a%a\" id=\"%a\" "
	         "name=\"%a\" type=\"text\" inputmode=\"numeric\" value=\"%a\"></div></div>",
	         id, label, width, bad ? " govuk-input--error" : "", id, fname,
	         value ? value : "");
}

void gv_date_input(struct html *h, const char *name, const char *legend,
                   const char *hint, const struct gv_date_value *v,
                   const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         error ? " govuk-form-group--error" : "");
	char *described = arena_printf(h->arena, "%s-hint%s%s%s", name,
	                               error ? " " : "", error ? name : "",
	                               error ? "-error" : "");
	html_fmt(h, "<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"%a\">"
	         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">%T</legend>"
	         "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>",
	         described ? described : "", legend, name, hint);
	if (error)
		error_message(h, name, error);
	html_fmt(h, "<div class=\"govuk-date-input\" id=\"%a-group\">", name);
	date_item(h, name, "day", N_("Day"), v->day, v->bad_day, "govuk-input--width-2", true);
	date_item(h, name, "month", N_("Month"), v->month, v->bad_month, "govuk-input--width-2", false);
	date_item(h, name, "year", N_("Year"), v->year, v->bad_year, "govuk-input--width-4", false);
	html_raw(h, "</div></fieldset></div>");
}

void gv_text_input(struct html *h, const char *name, const char *label,
                   const char *hint, const char *value, const char *error,
                   const char *width_class, bool numeric)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">"
	         "<label class=\"govuk-label govuk-label--m\" for=\"%a\">%T</label>",
	         error ? " govuk-form-group--error" : "", name, label);
	if (hint)
		html_fmt(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>", name, hint);
	if (error)
		error_message(h, name, error);
	html_fmt(h, "<input class=\"govuk-input %a%a\" id=\"%a\" name=\"%a\" type=\"text\" value=\"%a\"",
	         width_class ? width_class : "", error ? " govuk-input--error" : "",
	         name, name, value ? value : "");
	if (numeric)
		html_raw(h, " inputmode=\"numeric\"");
	if (hint || error) {
		char *d = arena_printf(h->arena, "%s%s%s%s%s", hint ? name : "",
		                       hint ? "-hint" : "", hint && error ? " " : "",
		                       error ? name : "", error ? "-error" : "");
		html_fmt(h, " aria-describedby=\"%a\"", d ? d : "");
	}
	html_raw(h, "></div>");
}

void gv_hidden(struct html *h, const char *name, const char *value)
{
	html_fmt(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">", name,
	         value ? value : "");
}

void gv_button(struct html *h, const char *label)
{
	html_fmt(h, "<button type=\"submit\" class=\"govuk-button\" "
	         "data-module=\"govuk-button\">%T</button>", label);
}

void gv_start_button(struct html *h, const char *href, const char *label)
{
	html_fmt(h, "<a href=\"%u\" role=\"button\" draggable=\"false\" "
	         "class=\"govuk-button govuk-button--start\" data-module=\"govuk-button\">"
	         "%T<svg class=\"govuk-button__start-icon\" xmlns=\"http://www.w3.org/2000/svg\" "
	         "width=\"17.5\" height=\"19\" viewBox=\"0 0 33 40\" aria-hidden=\"true\" "
	         "focusable=\"false\"><path fill=\"currentColor\" d=\"M0 0h13l20 20-20 20H0l20-20z\"/>"
	         "</svg></a>", href, label);
}

static const char *const weekday_long[7] = {
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"), N_("Sunday"),
};

static const char *const month_long[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
	N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
	N_("November"), N_("December"),
};

char *gv_long_date(struct arena *a, enum language lang, cwyn_day d)
{
	if (d == CWYN_DAY_NONE)
		return arena_strdup(a, "-");
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return arena_printf(a, "%s %d %s %d",
	                    i18n_tr(lang, weekday_long[date_weekday(d)]), day,
	                    i18n_tr(lang, month_long[m - 1]), y);
}

/*
 * Welsh weekdays are "Dydd Llun" ... "Dydd Sul" standing alone. Inside a
 * sentence "dydd" is a common noun (lower case), and after "ar" it takes
 * the soft mutation: d -> dd ("ar ddydd Llun"). The day's own name keeps
 * its capital. A catalogue without the "Dydd " form (none loaded) leaves
 * the date as it stands alone rather than guess.
 */
static char *welsh_in_sentence(struct arena *a, enum language lang,
                               cwyn_day d, const char *dydd)
{
	if (d == CWYN_DAY_NONE || lang != LANG_CY)
		return gv_long_date(a, lang, d);
	const char *wd = i18n_tr(lang, weekday_long[date_weekday(d)]);
	static const char standalone[] = "Dydd ";
	if (strncmp(wd, standalone, sizeof standalone - 1) != 0)
		return gv_long_date(a, lang, d);
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return arena_printf(a, "%s %s %d %s %d", dydd,
	                    wd + sizeof standalone - 1, day,
	                    i18n_tr(lang, month_long[m - 1]), y);
}

char *gv_long_date_inline(struct arena *a, enum language lang, cwyn_day d)
{
	return welsh_in_sentence(a, lang, d, "dydd");
}

char *gv_long_date_on(struct arena *a, enum language lang, cwyn_day d)
{
	return welsh_in_sentence(a, lang, d, "ddydd");
}

static const char *pick(struct html *h, const struct policy_text *t)
{
	if (h->lang == LANG_CY && t->cy != NULL && t->cy[0] != '\0')
		return t->cy;
	return t->en;
}

/* "0808 801 0366" → "tel:08088010366" */
static char *tel_url(struct arena *a, const char *phone)
{
	char *u = arena_alloc(a, strlen(phone) + 5);
	if (u == NULL)
		return NULL;
	char *o = u + sprintf(u, "tel:");
	for (const char *p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '+')
			*o++ = *p;
	*o = '\0';
	return u;
}

void gv_contact(struct html *h, const struct policy_contact *c)
{
	if (!c->defined)
		return;
	html_fmt(h, "<h3 class=\"govuk-heading-s\">%t</h3>", pick(h, &c->name));
	if (!c->configured) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Ask the council for these contact details: they "
		         "have not been added to this service yet."));
		return;
	}
	const char *desc = pick(h, &c->description);
	if (desc && desc[0])
		html_fmt(h, "<p class=\"govuk-body\">%t</p>", desc);
	html_raw(h, "<ul class=\"govuk-list\">");
	if (c->phone)
		html_fmt(h, "<li>%T <a class=\"govuk-link\" href=\"%u\">%t</a></li>",
		         N_("Telephone:"), tel_url(h->arena, c->phone), c->phone);
	if (c->phone_free)
		html_fmt(h, "<li>%T <a class=\"govuk-link\" href=\"%u\">%t</a></li>",
		         N_("Freephone:"), tel_url(h->arena, c->phone_free), c->phone_free);
	if (c->email) {
		char *m = arena_printf(h->arena, "mailto:%s", c->email);
		html_fmt(h, "<li>%T <a class=\"govuk-link\" href=\"%u\">%t</a></li>",
		         N_("Email:"), m, c->email);
	}
	if (c->web)
		html_fmt(h, "<li>%T <a class=\"govuk-link\" href=\"%u\">%t</a></li>",
		         N_("Website:"), c->web, c->web);
	const char *addr = pick(h, &c->address);
	if (addr && addr[0])
		html_fmt(h, "<li>%T %t</li>", N_("Address:"), addr);
	html_raw(h, "</ul>");
}
