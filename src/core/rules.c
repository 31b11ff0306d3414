/*
 * rules.c — the rule catalogue: every rule ID triage can give as a reason,
 * with its source and what it decides. docs/rules.md lists the same table
 * for readers; a unit test keeps the two in step.
 *
 * Sources: S0 is the council's child-protection factsheet (AWCPP 2008), S3
 * the Ombudsman's child-protection factsheet; "decision N" is the numbered
 * list "Our decisions where the sources leave a question open" at the top of
 * procedure.md.
 */
#include "rules.h"

#include <string.h>

/* core must not depend on src/i18n, but xgettext still needs the N_ marks
 * (po/POTFILES lists this file); the presentation layer translates. */
#ifndef N_
#define N_(s) (s)
#endif

static const struct rule rules[] = {
	/* ---- Safeguarding ---- */
	{"SAFE-RISK-NOW",
	 "SSWBA 2014 s.130; procedure.md §1.11, decision 1",
	 N_("A child at risk of harm now needs a safeguarding referral the same day, whatever the complaint route.")},

	/* ---- Who may complain ---- */
	{"WHO-PERSONAL",
	 "SI 2014/1794 reg 9(1); S0; procedure.md §1.3.1",
	 N_("The complainant was personally affected, so may use the complaints procedure.")},
	{"WHO-REPRESENTATIVE",
	 "SI 2014/1794 reg 9(2)-(3); procedure.md §1.3.2-1.3.3",
	 N_("The complainant acts for a child and may complain as a representative if the council finds them suitable; a refusal must be given in writing with reasons.")},
	{"WHO-CHILD-OWN-RIGHT",
	 "SI 2014/1794 reg 9; procedure.md §1.3.4, §0.2",
	 N_("A child or young person may complain in their own right.")},
	{"WHO-NOT-AFFECTED",
	 "SI 2014/1794 reg 9; S0; procedure.md §1.3",
	 N_("The complainant was not personally affected and does not act for the child, so the council decides whether it can consider the complaint.")},

	/* ---- The council's own procedure ---- */
	{"COUNCIL-SCOPE",
	 "S0; S3; procedure.md §1.4.2, decision 2",
	 N_("The matter is about the council's own child-protection work, so the council's complaints procedure takes it.")},
	{"COUNCIL-STAGE1",
	 "SI 2014/1794 reg 16; procedure.md §1.7",
	 N_("The matter starts at Stage 1, local resolution: the council must offer to discuss it.")},
	{"COUNCIL-STAGE1-RESOLVED",
	 "SI 2014/1794 reg 16(5); procedure.md §1.7.5",
	 N_("Stage 1 has answered the matter and the complainant is satisfied, so it stays resolved at Stage 1.")},
	{"COUNCIL-STAGE2-RIGHT",
	 "SI 2014/1794 reg 17; PSOW finding, Flintshire County Council; procedure.md §1.8.2",
	 N_("The complainant is still dissatisfied after Stage 1, so the council must hold a Stage 2 formal investigation and may not refuse it.")},
	{"COUNCIL-STAGE2-ON-REQUEST",
	 "SI 2014/1794 reg 15(4); procedure.md §1.6.4",
	 N_("The complainant asks for a formal investigation, which may be asked for at any time, so the matter goes to Stage 2.")},
	{"COUNCIL-STAGE2-UNDER-WAY",
	 "SI 2014/1794 reg 17; procedure.md §1.8.3",
	 N_("A Stage 2 formal investigation is under way and the council must respond to it.")},
	{"COUNCIL-STAGE2-CLOSED",
	 "SI 2014/1794 reg 17; procedure.md §1.8",
	 N_("The council has given its Stage 2 response and the complainant is satisfied, so the matter is closed.")},
	{"COUNCIL-TIME-12M",
	 "Citizens Advice Wales (complaints from 1 Aug 2014); procedure.md §1.5, D1",
	 N_("A complaint is in time when made within 12 months of the event or, if later, of the complainant becoming aware of it.")},
	{"COUNCIL-TIME-LATE-DISCRETION",
	 "procedure.md §1.5 [P], D1",
	 N_("The complaint was made more than 12 months after the event or awareness, but the council may still consider it if there was good reason for the delay.")},
	{"COUNCIL-TIME-UNKNOWN",
	 "procedure.md §1.5, D1",
	 N_("The 12-month time limit cannot be checked because neither the date of the event nor the date of awareness is known.")},
	{"COUNCIL-ORAL-RECORD",
	 "SI 2014/1794 reg 15(3); procedure.md §1.6.1, §1.6.3",
	 N_("The complaint was made orally, so a written record must be made and a copy sent with the acknowledgement.")},
	{"COUNCIL-EXTENSION-AGREED",
	 "SI 2014/1794 reg 16(4); procedure.md §1.7.4, decision 2",
	 N_("A missed deadline is covered by an extension agreed and recorded with the complainant, so the council is not treated as delaying.")},

	/* ---- Clocks ---- */
	{"CLOCK-ACK-2WD",
	 "SI 2014/1794 reg 15(2); procedure.md §1.6.2, D2",
	 N_("The council must acknowledge the complaint within 2 working days after the day it was received.")},
	{"CLOCK-S1-DISCUSSION-10WD",
	 "SI 2014/1794 reg 16(3); procedure.md §1.7.3, D3",
	 N_("The offered Stage 1 discussion must be held within 10 working days of the acknowledgement.")},
	{"CLOCK-S1-RESOLUTION-5WD",
	 "SI 2014/1794 reg 16(5); procedure.md §1.7.5, D4",
	 N_("When a matter is resolved at Stage 1, the written terms of the resolution must be sent within 5 working days of the resolution.")},
	{"CLOCK-S2-RESPONSE-25WD",
	 "SI 2014/1794 reg 17 onward; WG summary; procedure.md §1.8.3, D6",
	 N_("The council must respond to a Stage 2 formal investigation within 25 working days of the request.")},
	{"CLOCK-S2-FROM-SUMMARY",
	 "procedure.md §1.8.5 (Denbighshire practice; policy setting)",
	 N_("This policy starts the Stage 2 clock when the complaint summary is agreed; the request date is used until that date is known.")},
	{"CLOCK-START-UNKNOWN",
	 "procedure.md §8",
	 N_("A deadline cannot be worked out yet because the day its clock starts from is not known.")},
	{"CAL-WORKING-DAY",
	 "SI 2014/1794 reg 2; Banking and Financial Dealings Act 1971 Sch 1; procedure.md §1.1, §5, decision 11",
	 N_("Working days leave out weekends, Christmas Day, Boxing Day, Good Friday, bank holidays and the authority's own closure days.")},

	/* ---- Child protection conferences ---- */
	{"CONF-SCOPE",
	 "S0 (AWCPP 2008); procedure.md §2.1, §0.4, decision 3",
	 N_("The matter is about how a child protection conference worked or what it decided, so it is a conference complaint for the conference chair.")},
	{"CONF-NOT-COUNCIL-PROCEDURE",
	 "S0; procedure.md §0.4, decision 3",
	 N_("The council's two-stage complaints procedure does not take complaints about how a conference worked or what it decided.")},
	{"CONF-NOT-OMBUDSMAN",
	 "S3; procedure.md §3.3, decision 3",
	 N_("The Ombudsman cannot look at the decisions of a child protection conference.")},
	{"CONF-DEADLINE-14WD",
	 "S0 (AWCPP 2008); procedure.md §2.2.1, D7, decision 9",
	 N_("A conference complaint is due within 14 working days after the day the minutes were sent; the 14th working day is in time.")},
	{"CONF-RECEIPT-BY-COUNCIL",
	 "procedure.md decision 9",
	 N_("Receipt by the council counts for the conference deadline even if the complaint did not reach the chair first.")},
	{"CONF-LATE-CHAIR-DISCRETION",
	 "procedure.md decision 9; policy setting late_conference = chair_decides",
	 N_("The conference complaint arrived after the deadline; the chair may still accept it and must record the reason.")},
	{"CONF-LATE-REFUSED",
	 "procedure.md decision 9; policy setting late_conference = refuse",
	 N_("The conference complaint arrived after the deadline and this policy does not accept late conference complaints; the complainant must be told why.")},
	{"CONF-LATE-ACCEPTED",
	 "procedure.md decision 9; policy setting late_conference = accept",
	 N_("The conference complaint arrived after the deadline, but this policy accepts late conference complaints.")},
	{"CONF-MINUTES-DATE-UNKNOWN",
	 "S0; procedure.md §2.2.1, §2.3",
	 N_("The conference deadline cannot be checked because the date the minutes were sent is not known.")},
	{"CONF-MINUTES-TIMING",
	 "Wales Safeguarding Procedures; procedure.md §2.3, D8",
	 N_("Conference minutes are due as a summary within 5 working days of the conference and in full within about 20 working days.")},
	{"CONF-AGREE-SIGN",
	 "S0; procedure.md §2.2.2",
	 N_("The complainant may be helped to put the conference complaint in writing and must agree and sign it.")},
	{"CONF-CHAIR-7D",
	 "S0; procedure.md §2.2.4, D9, decision 10",
	 N_("The chair tries to resolve the complaint within 7 days of receiving it, counted in the unit the policy sets.")},
	{"CONF-SENIOR-MANAGER",
	 "S0; procedure.md §2.2.3",
	 N_("The chair tells the senior manager for child protection in social services about the complaint.")},
	{"CONF-PANEL",
	 "S0; procedure.md §2.2.5, §2.6, §2.7, decision 3",
	 N_("The chair could not resolve the complaint and the complainant wishes to go on, so it goes to the Safeguarding Board panel.")},
	{"CONF-PANEL-OFFER",
	 "S0; procedure.md §2.2.5",
	 N_("The chair could not resolve the complaint; the complainant may ask for it to go to the Safeguarding Board panel.")},

	/* ---- Other agencies ---- */
	{"AGENCY-WORKER",
	 "S0; procedure.md §0.4, §2.2.6, decision 4",
	 N_("The matter is about another agency's worker or service, so it goes to that agency's own complaints procedure.")},
	{"AGENCY-OWN-STAFF",
	 "S0; procedure.md decision 2",
	 N_("The matter is about this council's own worker, including at a conference, so the council's complaints procedure takes it.")},
	{"AGENCY-HEALTH-OMBUDSMAN",
	 "S3; procedure.md §3.3, decision 4",
	 N_("The Ombudsman may look at a health body only after the health body's own complaints procedure has finished.")},
	{"AGENCY-OTHER-COUNCIL",
	 "procedure.md §1.9, decision 4",
	 N_("The matter is about another council, so it goes to that council's complaints procedure; the Ombudsman may look after it.")},

	/* ---- Court ---- */
	{"COURT-DECISION-TO-START",
	 "S0; S3; procedure.md §1.4.3, §3.3, decision 5",
	 N_("Neither the council nor the Ombudsman can look at a decision to start court proceedings.")},
	{"COURT-DEALT-WITH",
	 "S0; S3; procedure.md §1.4.3, §3.3, decision 5",
	 N_("A matter the court has dealt with cannot be looked at by the council or the Ombudsman; the complainant should consider legal advice.")},
	{"COURT-DURING",
	 "S0; PSOW finding, Powys County Council; procedure.md §1.4.3-1.4.4, decision 5",
	 N_("Issues arising during court proceedings are excluded unless the court agrees, and the council must explain how considering them would prejudice the proceedings.")},
	{"COURT-DURING-AGREED",
	 "S0; procedure.md §1.4.3, decision 5",
	 N_("The court has agreed that the matter may be looked at during the proceedings, so the council's procedure takes it; record the agreement.")},
	{"COURT-DATES-UNKNOWN",
	 "procedure.md decision 5",
	 N_("It is not known whether the matter arose before, during or after the court proceedings, so it is treated as arising during them until the dates are known.")},
	{"COURT-BEFORE",
	 "S3; procedure.md §3.3, decision 2",
	 N_("The matter concerns actions before court proceedings began, so the council can look at it and the Ombudsman possibly.")},
	{"COURT-AFTER",
	 "S3; procedure.md §3.3, decision 2",
	 N_("The matter concerns services after court proceedings ended, so the council can look at it and the Ombudsman possibly.")},
	{"COURT-REPORT-FOR-COURT",
	 "S0; S3; procedure.md §1.4.2, decision 5",
	 N_("A report prepared for court cannot be complained of as an inaccurate report; the matter is excluded and legal advice is the route.")},

	/* ---- The Ombudsman ---- */
	{"OMB-AFTER-COUNCIL",
	 "S3; WG summary; procedure.md §1.8.7, decision 2",
	 N_("The council has given its Stage 2 response, so the Ombudsman may look at the matter.")},
	{"OMB-PREMATURE",
	 "S3; procedure.md §3.2, decision 2",
	 N_("The council has not yet had a fair chance to answer, so going to the Ombudsman now would be premature.")},
	{"OMB-COUNCIL-DELAY",
	 "S3; procedure.md §3.2, decision 2",
	 N_("The council has missed a statutory deadline without an agreed extension, so the Ombudsman may be approached now.")},
	{"OMB-TIME-1Y",
	 "PSO(W)A 2019 s.8(1)(c); procedure.md §3.1, D11",
	 N_("A complaint should reach the Ombudsman within one year starting on the day the person first had notice of the matter.")},
	{"OMB-TIME-LATE-DISCRETION",
	 "PSO(W)A 2019 s.8; procedure.md §3.1, D11",
	 N_("The Ombudsman's one-year limit has passed; the Ombudsman may still accept the complaint where that is reasonable.")},
	{"OMB-NO-CONFERENCE",
	 "S3; procedure.md §3.3, decision 3",
	 N_("The Ombudsman cannot take a complaint about a conference's decision, even after the Safeguarding Board panel.")},

	/* ---- Splitting ---- */
	{"SPLIT-MIXED",
	 "procedure.md decision 6",
	 N_("The matters in this complaint go different ways, so it is split and each matter follows its own route; none is rejected because of the others.")},

	/* ---- Signposting ---- */
	{"SIGN-FRG",
	 "S0; procedure.md §4.2, decision 8",
	 N_("Family Rights Group gives advice to parents and family members, including kinship carers.")},
	{"SIGN-CCFW",
	 "Children's Commissioner for Wales; procedure.md §4.1, decision 7",
	 N_("The Children's Commissioner for Wales can help a child or young person within its age limits.")},
	{"SIGN-CCFW-U18",
	 "procedure.md §4.1, decision 7",
	 N_("The child is under 18, so the Children's Commissioner for Wales can help.")},
	{"SIGN-CCFW-U21-LOOKED-AFTER",
	 "procedure.md §4.1, decision 7",
	 N_("The young person is under 21 and has been looked after, so the Children's Commissioner for Wales can help.")},
	{"SIGN-CCFW-U25-EDUCATION",
	 "procedure.md §4.1, decision 7",
	 N_("The young person is under 25, has been looked after and is in education, so the Children's Commissioner for Wales can help.")},
	{"SIGN-CCFW-AGE-UNKNOWN",
	 "procedure.md §4.1, decision 7",
	 N_("The child's age is not known, so they are treated as under 18 and the Children's Commissioner for Wales can help.")},
	{"SIGN-ADVOCACY-CHILD",
	 "SSWBA 2014 ss.174-178; SI 2019/205; procedure.md §4.4, decision 8",
	 N_("A child who complains is offered help from an independent advocate.")},
	{"SIGN-CRO",
	 "S0; procedure.md §4.3, decision 8",
	 N_("A child who complains is told about the council's Children's Rights Officer.")},
	{"SIGN-PSOW",
	 "S3; procedure.md §1.8.7, §3, decision 8",
	 N_("The Ombudsman may look at the matter, so its contact details are given.")},
	{"SIGN-LEGAL-ADVICE",
	 "S0; S3; procedure.md §1.4.3, decisions 5 and 8",
	 N_("The matter is for the courts, so the complainant should consider taking legal advice.")},
	{"SIGN-OTHER-AGENCY",
	 "S0; procedure.md §2.2.6, decisions 4 and 8",
	 N_("The other agency's own complaints route is given.")},
};

size_t rules_count(void)
{
	return sizeof rules / sizeof rules[0];
}

const struct rule *rule_at(size_t i)
{
	return i < rules_count() ? &rules[i] : NULL;
}

const struct rule *rule_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < rules_count(); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}
