/*
 * letter_sample.c — one complete, made-up case, for previews (`cwyn letter
 * render` without --data), the tests and the benchmark. Every field a
 * template can use is set, and the names and addresses use ŵ, ŷ and â so a
 * preview shows at once whether the Welsh letters print.
 */
#include "letter_internal.h"

static const struct letter_matter sample_matters[] = {
	{"Nobody from social services returned my calls for three weeks "
	 "after I reported my worries about my daughter.",
	 ROUTE_COUNCIL_STAGE1, NULL, OUTCOME_PARTLY_UPHELD,
	 "Calls were logged but not passed on while the duty officer was "
	 "away. The team now checks the log every day.",
	 CWYN_DAY_NONE},
	{"The police officer at the child protection conference spoke to me "
	 "rudely.",
	 ROUTE_OTHER_AGENCY, "Dyfed-Powys Police", OUTCOME_NONE, NULL,
	 CWYN_DAY_NONE},
	{"The conference put my daughter's name on the register under the "
	 "wrong category.",
	 ROUTE_CONFERENCE_CHAIR, NULL, OUTCOME_NOT_UPHELD,
	 "The chair reviewed the record: the category reflected the "
	 "information the conference had.",
	 CWYN_DAY_NONE},
	{"I disagree with the decision to start care proceedings.",
	 ROUTE_EXCLUDED_COURT, NULL, OUTCOME_NONE, NULL, CWYN_DAY_NONE},
};

void letter_data_sample(struct letter_data *d, const struct policy *p)
{
	letter_data_init(d);
	d->authority_code = "sir-gar";
	d->authority_name = (struct policy_text){
	    "Carmarthenshire County Council", "Cyngor Sir Gâr"};
	d->authority_address = (struct policy_text){
	    "Social Services Complaints\nCounty Hall\nCarmarthen\nSA31 1JP",
	    "Cwynion Gwasanaethau Cymdeithasol\nNeuadd y Sir\nCaerfyrddin\n"
	    "SA31 1JP"};
	d->complainant_name = "Gwenllian ap Dafydd";
	d->complainant_address = "Tŷ Gŵyn\n12 Heol y Bryn\nLlandeilo\nSA19 6AA";
	d->reference = "CWYN-2027-0001";
	d->officer_name = "Siân Prydderch";
	d->chair_name = "Rhodri ap Iwan";
	d->letter_date = date_from_ymd(2027, 1, 12);
	d->received = date_from_ymd(2027, 1, 11);
	d->acknowledged = date_from_ymd(2027, 1, 12);
	d->discussion_due = date_from_ymd(2027, 1, 26);
	d->resolved = date_from_ymd(2027, 1, 25);
	d->stage2_requested = date_from_ymd(2027, 2, 15);
	d->response_due = date_from_ymd(2027, 3, 22);
	d->conference_held = date_from_ymd(2026, 12, 14);
	d->minutes_sent = date_from_ymd(2026, 12, 18);
	d->matters = sample_matters;
	d->n_matters = sizeof sample_matters / sizeof sample_matters[0];
	d->outcome = OUTCOME_PARTLY_UPHELD;
	d->outcome_detail = "We found that your calls were not returned and "
	                    "we apologise. The other matters were outside "
	                    "what our procedure can look at.";
	d->resolution_terms = "The team manager will phone you every Friday "
	                      "until the review conference, and your calls "
	                      "will be returned within one working day.";
	d->agency_name = "Dyfed-Powys Police";
	d->agency_address = "Professional Standards Department\nPO Box 99\n"
	                    "Llangunnor\nCarmarthen\nSA31 2PF";
	d->exclusion_reason = "Care proceedings about your daughter began on "
	                      "2 December 2026 and are still before the "
	                      "Family Court. Looking now at the decision to "
	                      "start them would mean examining the evidence "
	                      "the court is weighing, which could prejudice "
	                      "those proceedings.";
	d->extension.step = "the Stage 1 discussion";
	d->extension.agreed_with = "Gwenllian ap Dafydd, by telephone";
	d->extension.agreed_on = date_from_ymd(2027, 1, 20);
	d->extension.reason = "The social worker you asked to attend is on "
	                      "leave until 1 February, and you wanted them "
	                      "there.";
	d->extension.old_due = date_from_ymd(2027, 1, 26);
	d->extension.new_due = date_from_ymd(2027, 2, 3);
	d->policy = p;
}
