"""Invented free-text answers for the demo seed.

The demo council is fictional and so is every comment: nothing here is copied from a real survey or
from the evaluation data. Comments are assembled from hand-written fragments (openers, cores,
supporting details, endings, a second topic) plus a pool of whole hand-written comments, then lightly
roughened (typos, missing apostrophes, lower-case starts) so that the analysis pipeline meets text that
looks like what staff actually type.

What the leaders' dashboards should be able to find, wave by wave:

* caseload complaints are frequent and bitter early and ease as social workers are recruited;
* complaints about case recording jump when the new system (``Atlas``, replacing ``Carefile``) goes
  live at wave ``n_waves - 1``;
* "leaders are never seen" gives way to comments about the Big Conversation and DCS visits after the
  staff events in the middle of the series;
* "you said, we did" starts to be noticed from the middle waves.

Only the ``random.Random`` passed in is used, so a seeded generator reproduces the same demo.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["NEW_SYSTEM", "OLD_SYSTEM", "THEMES", "comment_topic", "partner_comment", "staff_comment"]

#: Topic keys, matching the theme taxonomy used for the hand-labelled domain data.
THEMES: tuple[str, ...] = (
    "caseload_workload",
    "supervision_management_support",
    "senior_leadership_visibility",
    "communication",
    "practice_model_clarity",
    "it_systems_case_recording",
    "training_development",
    "recruitment_retention_agency",
    "early_help_joint_working",
    "schools_partnership",
    "health_camhs_access",
    "office_environment_wellbeing",
)

#: The fictional case-recording systems: the old one, and the one that goes live late in the series.
OLD_SYSTEM = "Carefile"
NEW_SYSTEM = "Atlas"

STAFF_QUESTIONS = ("working_well", "one_change")
PARTNER_SETTINGS = ("primary", "secondary", "special", "alternative_provision", "health", "police")

# A pool maps a kind to fragments. Kinds: "neg"/"pos"/"ask" are core sentences; "neg+" etc. are
# supporting details; "whole_neg" etc. are complete comments; "short_pos" etc. are terse answers.
# A suffix "@phase" restricts a pool to waves where that phase holds (see _phases).
Pool = Mapping[str, tuple[str, ...]]

# --------------------------------------------------------------------------------------------------
# Staff pulse: fragments by topic
# --------------------------------------------------------------------------------------------------

_STAFF: dict[str, Pool] = {
    "caseload_workload": {
        "neg": (
            "Caseloads are too high to do any meaningful direct work.",
            "I spend more time typing than I do seeing children.",
            "There's no time to think, never mind reflect.",
            "Every time someone goes off sick their cases get shared out across the rest of us.",
            "Duty weeks on top of a full caseload are not sustainable.",
            "The admin is crushing - chronologies, case summaries, minutes, all on us.",
            "I'm writing assessments at 10pm to keep them in timescale.",
            "Court work on top of everything else is unmanageable.",
            "Too many visits and not enough hours in the day.",
            "We're told to prioritise but everything is a priority.",
            "Conference reports go out late because there is physically no time to write them.",
            "We take our own minutes at core groups because there's no admin.",
            "The workload is far too high and it's the families who lose out.",
            "Recording takes up most of my week and the visits are squeezed into what's left.",
        ),
        "neg@early": (
            "My caseload is {hi} and has been for months.",
            "{hi} children on my caseload. Nobody can do good work with that.",
            "There are still unallocated cases sitting with the TM and it worries me every single day.",
            "Caseloads are unmanageable, full stop.",
            "We are drowning.",
            "Half the team are carrying over 25 and the other half are off sick.",
            "Since the inspection everything has doubled - audits, trackers, case directions - but "
            "caseloads haven't come down at all.",
            "Being asked to update trackers for the improvement board on top of {hi} cases is ridiculous.",
            "I've lost count of the evenings I've worked this month.",
            "Caseloads are far too high and getting worse.",
            "I have {hi} cases and three of them are in PLO.",
        ),
        "neg@mid": (
            "Caseloads have come down a bit but the paperwork has gone up.",
            "I'm down to {mid} but the complexity is higher than ever.",
            "Numbers look better on paper but we're still picking up for vacancies.",
            "My caseload is still too high at {mid}, even if it's better than it was.",
        ),
        "neg@late": (
            "Some of us are still on {mid} while the new starters are protected, which I understand "
            "but it's hard.",
            "Caseloads are better but court work is still relentless.",
            "Duty weeks still wipe out any time I've gained from a lower caseload.",
        ),
        "pos@early": (
            "Despite the caseloads, the team still pulls together.",
            "Not the workload, but my colleagues keep me going.",
            "We cover for each other when it gets too much, which is the only reason it works at all.",
            "The duty rota is at least fair, even if the numbers aren't.",
        ),
        "pos@mid": (
            "My caseload has dropped from {hi} to {mid} in the last couple of months and I've noticed.",
            "The weekly allocations meeting feels fairer now.",
            "The extra business support for minutes has freed up a bit of time.",
        ),
        "pos@late": (
            "Caseload finally down to {lo}. I saw a child twice this week just because I could.",
            "New starters in the pod are making a real difference to everyone's numbers.",
            "For the first time in ages I'm on top of my recording.",
            "Caseloads are manageable now and it shows in the quality of the work.",
            "Having {lo} cases means I can do proper direct work again.",
            "No unallocated cases in our team for the first time since I started.",
            "The workload feels realistic at last.",
            "My caseload is {lo} which is definitely the lowest it's been in years.",
            "Lower caseloads have made a massive difference to my stress levels.",
        ),
        "ask": (
            "Lower caseloads.",
            "A caseload cap that is actually kept to.",
            "Protected time for recording, even half a day a week.",
            "Business support to take minutes at conferences and core groups.",
            "Stop adding new trackers and spreadsheets without taking something else away.",
            "Cap caseloads at 18 and stick to it.",
            "Someone to do the admin so we can do the social work.",
            "Fewer forms that ask for the same information twice.",
            "A realistic look at how long an assessment actually takes to do properly.",
            "Less paperwork and more time with families.",
            "Weight court cases properly when allocating.",
        ),
        "ask@early": (
            "Allocate the unallocated cases to someone who isn't already on {hi}.",
            "Get caseloads down before anything else - nothing else matters until that's sorted.",
        ),
        "ask@late": (
            "Keep caseloads where they are now and please don't let them creep back up.",
            "Protect the new starters' caseloads but don't forget those of us who've been carrying it.",
        ),
        "neg+": (
            "I've had {k} new cases this month alone.",
            "Two of them are in proceedings.",
            "Something will get missed and it'll be us who get blamed.",
            "My visits are all late and I know it.",
            "Weekends are just catch-up now.",
            "I haven't had a proper lunch break in weeks.",
            "Nobody in senior management seems to do the maths.",
            "The families deserve better than a rushed visit.",
        ),
        "pos+@early": ("Without them I'd have gone by now.", "Credit to the TM for keeping us sane."),
        "pos+@late": (
            "It's made a huge difference to how I feel at the end of the day.",
            "I've even taken my full lunch break a few times.",
            "Families notice when you've got time for them.",
            "Long may it continue.",
        ),
        "whole_neg@early": (
            "I came into social work to work with children. Right now I'm on {hi} cases, two in "
            "proceedings, and I'm doing visits on my days off to keep up. I love my team but I don't "
            "know how much longer I can do this.",
            "caseloads caseloads caseloads. nothing else matters until that is fixed",
            "Genuinely think someone is going to get hurt because we cant get to everyone. Ive raised "
            "it with my TM who agrees but there's no one to allocate to.",
            "We were promised after Ofsted that caseloads would come down. Mine has gone up.",
            "TOO MANY CASES.",
            "From a PM point of view: four of my workers are over 25 cases, one ASYE is on 19 and two "
            "posts are covered by agency staff who leave next month. I'm allocating according to who is "
            "least likely to go off sick, which is no way to manage risk. We need a realistic plan for "
            "caseloads, not another action plan.",
            "Its the same every month. Too much work, not enough people to do it.",
        ),
        "whole_neg@mid": (
            "I don't want to moan every month but the reality is that I'm choosing which children to see "
            "each week. That isn't safe and it isn't why any of us came into this job. Admin support and a "
            "bit of honesty from above about what is realistic would go a long way.",
            "It's better than it was in the spring but we still lose a day a week to trackers and audit "
            "actions that feel like they're for Ofsted rather than for the children.",
            "Some days this is the best team I've ever worked in and some days I want to walk out. "
            "Mostly it depends on how many new cases came in that week.",
        ),
        "whole_pos@late": (
            "Numbers are down (I'm on {lo}) and I've had time to do life story work with a child I've "
            "had for a year. That's the first time that's been possible. Please keep it this way.",
            "The new starters in our pod have taken a lot of pressure off. Hard to describe how "
            "different it feels coming into work when you're not constantly behind.",
            "Caseloads are better but duty is still a killer.",
        ),
        "short_ask": ("Caseloads.", "lower caseloads", "Less cases!!", "caseload cap", "Admin support"),
        "short_neg@early": ("Caseloads!!!", "too many cases"),
        "short_pos@late": ("Lower caseloads", "manageable caseload"),
    },
    "supervision_management_support": {
        "neg": (
            "Supervision keeps getting cancelled.",
            "My last supervision was {weeks} weeks ago.",
            "Supervision is just case direction, there's no space to talk about how I'm actually doing.",
            "We've had {k} managers in a year and every one of them wants things done differently.",
            "My TM is so stretched I don't like to ask for help.",
            "Interim managers come and go and nothing sticks.",
            "Supervision is a tick-box exercise to get the audit figures up.",
            "Management oversight gets written up after the fact.",
            "My PM is acting up with no support and it shows.",
            "When I raised a concern I was told to just get on with it.",
            "No one has asked how I'm doing in months.",
            "Case decisions are made and then unmade by the next manager.",
        ),
        "pos": (
            "My TM is brilliant - always available, always calm.",
            "Supervision is regular and actually reflective.",
            "My practice manager has my back.",
            "Good, consistent management in our team for once.",
            "My manager listens and follows things through.",
            "Group supervision has been really valuable.",
            "Our TM protects us from a lot of the noise.",
            "The PMs in our pod are approachable and they know the families.",
            "Supervision that feels like it's about me as a practitioner and not just the numbers.",
            "Being able to grab my PM for a quick chat after a difficult visit.",
            "My manager noticed I was struggling and did something about it.",
            "Having a permanent manager who isn't going anywhere.",
        ),
        "pos@late": ("Supervision has been much more consistent since the new TMs started.",),
        "ask": (
            "Regular supervision that doesn't get cancelled.",
            "Reflective supervision, not just a list of cases.",
            "Permanent managers.",
            "Training for new managers before they're managing a team, not after.",
            "Smaller teams for TMs so they can actually support us.",
            "Managers with time to manage rather than firefight.",
            "Supervision notes written up within the week so we know what was agreed.",
        ),
        "neg+": (
            "When it does happen it's rushed through in 20 minutes.",
            "I've stopped expecting it.",
            "It's not their fault, they're carrying too much themselves.",
            "Decisions sit waiting for sign-off for days.",
        ),
        "pos+": (
            "It makes the job bearable.",
            "It makes all the difference when things are hard.",
            "I would have left by now without that support.",
            "Genuinely the reason I've stayed.",
        ),
        "whole_pos": (
            "My PM is the best manager I've had in twelve years. She makes time, remembers things, "
            "challenges me when I need it and tells me when I've done a good job.",
            "my TM is amazing, couldnt ask for more",
        ),
        "whole_neg": (
            "Had four TMs since January. Each one reviews my cases and changes the plan. Families must "
            "think we have no idea what we're doing and honestly some weeks I think they're right.",
            "Speaking as a TM: I have nine direct reports, three of them ASYEs, and I'm covering duty. "
            "I want to give good supervision but there aren't enough hours. Spans of control need "
            "looking at.",
            "As a practice manager I'm signing off assessments I haven't had time to read properly, "
            "because the alternative is they go out of timescale. That worries me more than anything "
            "else in this job. PMs need fewer direct reports or some admin support, otherwise oversight "
            "is oversight in name only.",
        ),
        "short_pos": ("My TM", "Good TM", "supervision", "My manager."),
    },
    "senior_leadership_visibility": {
        "neg": (
            "Senior leaders talk about culture but don't know what it's like on the front line.",
            "Decisions are made upstairs without asking anyone who does the job.",
        ),
        "neg@before": (
            "I've never seen the DCS. I couldn't tell you what they look like.",
            "Senior leaders are invisible.",
            "Would anyone on the fourth floor recognise me? No.",
            "Heads of Service are never seen in the teams.",
            "Leaders only appear when there's an inspection coming.",
            "We hear about the improvement plan from the local paper before we hear it from our leaders.",
            "I don't know who our AD is.",
            "There's a real us and them between the management corridor and the teams.",
            "Senior managers never come to team meetings.",
            "No one senior has been to our office since Ofsted.",
            "I have no idea who most of the senior leadership team are.",
        ),
        "neg@after": (
            "The Big Conversation was nice but it was one afternoon. Will anything change?",
            "Good to see the DCS once, but we need to see them more than once.",
            "Visits from senior leaders are welcome but feel a bit stage-managed.",
            "The drop-ins are always at times when most of us are out on visits.",
        ),
        "pos@before": ("Our Head of Service does reply to emails, which is something.",),
        "pos@after": (
            "The DCS came to our team meeting and actually listened.",
            "The Big Conversation event was the first time I've felt senior leaders wanted to hear from us.",
            "Our Head of Service now comes to the pod meeting every month.",
            "It's been good to see the AD out in the area offices.",
            "The Director answering questions honestly at the staff event made a difference.",
            "Leaders shadowing visits was a good idea - more of that.",
            "Senior managers are more visible and approachable than they were.",
            "The DCS drop-in sessions are genuinely useful.",
            "Nice that the AD knows my name now.",
        ),
        "ask": ("Senior leaders to understand what a caseload of 25 actually means day to day.",),
        "ask@before": (
            "Senior leaders to come and sit with the teams, even once a month.",
            "The DCS and ADs to shadow a duty day.",
            "Let us meet the people making the decisions.",
            "Visible leadership - come to the offices.",
        ),
        "ask@after": (
            "Keep the DCS drop-ins going and hold them when front-line staff can make them.",
            "More events like the Big Conversation, but in the area offices rather than the Town Hall.",
            "Leaders to come back and tell us what happened to what we said at the Big Conversation.",
        ),
        "neg+": (
            "It feels like we're just numbers on a dashboard.",
            "Morale is rock bottom and nobody up there seems to notice.",
            "They send emails and that's it.",
        ),
        "pos+": ("It felt like a genuine conversation for once.", "Small thing but it matters."),
        "whole_neg@before": (
            "I have worked here for three years and have never once seen the Director in our building. "
            "If they came and sat with duty for a day they would understand why people are leaving.",
            "Leadership seem more worried about the next monitoring visit than about the staff.",
        ),
        "whole_pos@after": (
            "I went to the Big Conversation expecting a PowerPoint and a pep talk. It wasn't that. The DCS "
            "sat at our table for half an hour, wrote things down, and two of the things we raised have "
            "since been in the staff update. I'm still cautious, but it's the first time since the "
            "inspection I've felt we were being treated as adults.",
            "The Big Conversation was better than I expected. The DCS stayed behind to talk to people "
            "and our Head of Service has been to two team meetings since. Small things but they matter.",
        ),
        "whole_neg@after": (
            "The event was good but it felt like a one-off. If senior leaders want us to believe things "
            "are changing they need to keep turning up, not just when the board meets.",
            "The DCS blog is nice but I'd rather they came out on a visit.",
        ),
        "short_ask@before": ("Visible leadership.", "see the senior team in the office"),
    },
    "communication": {
        "neg": (
            "We find out about changes through rumour.",
            "Too many emails and nothing important in them.",
            "Nobody tells us anything until the day it happens.",
            "Information doesn't filter down past the PMs.",
            "I found out about the restructure from a social worker in another team.",
            "Emails from the top are full of jargon and don't say what's actually changing.",
            "The intranet is out of date and impossible to search.",
            "Procedures change with no notice and no explanation.",
        ),
        "neg@early": (
            "We fill these surveys in every month and never hear what happens to them.",
            "What's the point of this survey if nothing ever comes back?",
            "Staff briefings are just slides with no chance to ask anything.",
        ),
        "neg@late": ("The updates are better but a lot of them still say 'we are looking into it'.",),
        "pos": (
            "Team meetings are a good place to find out what's going on.",
            "My TM always passes on updates quickly.",
        ),
        "pos@mid": (
            "The 'you said, we did' updates are a good step.",
            "Liked the 'you said, we did' poster in the kitchen - small, but it shows someone reads these.",
            "Good to finally see something come back from this survey.",
        ),
        "pos@late": (
            "The fortnightly update from the DCS is short and actually readable.",
            "Communication has got better - I know what's happening more than I did.",
            "The staff reference group seems to be making a difference.",
            "Nice to see the you said we did slide in the team meeting.",
            "The you said, we did updates show someone is reading these.",
        ),
        "ask": (
            "Tell us what's changing before it changes.",
            "One clear weekly update instead of twenty emails.",
            "Share the results of these surveys with us.",
            "Put the important stuff in one place on the intranet.",
            "A simple monthly summary: what's changed, what's coming, who to ask.",
            "Ask the people doing the work before announcing new procedures.",
        ),
        "ask@late": (
            "Keep doing the you said we did updates, and include the things you can't fix and why.",
            "More you said, we did please, including what you decided not to do.",
        ),
        "neg+": ("It breeds mistrust.", "By the time we hear, it's already happened."),
        "pos+": ("It feels more open than it did.",),
        "whole_neg@early": (
            "Filled this in last month and the month before. Haven't heard a thing about what happened "
            "to the answers. Starting to wonder if anyone reads them",
            "I found out my team was moving building from a Teams post by someone in facilities. "
            "No one from management told us.",
        ),
        "whole_ask@mid": (
            "Could the you said, we did updates be sent to team inboxes as well as going on the "
            "intranet? Half of us never open the intranet, and the people who most want to know that "
            "something has changed are the ones out on visits all week.",
        ),
        "whole_pos@late": (
            "Saw the you said we did update about desks and admin support. Not everything we asked for "
            "but it's the first time I've felt this survey actually goes somewhere.",
            "The staff reference group notes being shared is really good. Feels more open.",
        ),
        "short_ask": ("Communication.", "Better comms"),
    },
    "practice_model_clarity": {
        "neg": (
            "I still don't understand what our practice model is meant to be.",
            "Are we Signs of Safety or systemic now? Nobody seems sure.",
            "We were trained in Signs of Safety, now we're told to be systemic, and the forms still "
            "say Signs of Safety.",
            "The pods make it unclear who holds responsibility for a case.",
            "The pod model doesn't work when half the pod is vacant.",
            "Every new leader brings a new model.",
            "Systemic practice sounds great but we don't have time for the reflective discussion it needs.",
            "Nobody can explain how the pods are supposed to work alongside duty.",
            "Three practice models in four years.",
            "The model on paper and what actually happens are two different things.",
        ),
        "neg@early": ("The pods were brought in with no consultation and very little explanation.",),
        "pos": (
            "I like the systemic approach - it fits how I want to work with families.",
            "Pod meetings are a good place to think through tricky cases.",
            "Signs of Safety mapping is still a really useful tool with families.",
            "Having a consultant social worker in the pod is great.",
            "Genograms and hypothesising in the pod have changed how I think about families.",
        ),
        "pos@late": (
            "The practice model is starting to make sense now we've had the training.",
            "Now the pods are fully staffed they actually work.",
        ),
        "ask": (
            "Decide on a practice model and stick with it.",
            "Update the templates so they match the model we're being asked to use.",
            "Clear guidance on who does what in a pod.",
            "Time in the diary for systemic group supervision that doesn't get cancelled.",
            "A one-page explanation of the practice model that we could give to families.",
            "Training on the new model for everyone, not just managers.",
        ),
        "neg+": ("Families pick up on the confusion.", "Partners are just as confused as we are."),
        "whole_neg": (
            "We were told Signs of Safety was the answer, then pods were the answer, now its systemic "
            "practice. I'm not against any of them but we never stick with anything long enough to "
            "find out if it works.",
            "Who is the allocated worker in a pod? Families don't know, partners don't know and "
            "sometimes we don't know either.",
        ),
        "whole_neg@early": ("Pods feel like a way of hiding vacancies.",),
        "whole_ask": (
            "Could someone write down, on one page, what we mean by our practice model and how pods, duty "
            "and allocation fit together? Every new starter asks me and I give a slightly different "
            "answer each time.",
        ),
        "whole_pos": (
            "Our pod's systemic supervision on a Tuesday morning is the most useful hour of the week.",
        ),
        "short_ask": ("Pods.", "Systemic training"),
    },
    "it_systems_case_recording": {
        "neg@old": (
            "Carefile crashes at least once a day.",
            "Carefile is so slow I write my notes in Word first and copy them in.",
            "Half the forms on Carefile don't match what we're asked to do.",
            "My laptop takes fifteen minutes to start up.",
            "The VPN drops out whenever I'm working from home.",
            "There's no mobile working - I can't record anything while I'm out on a visit.",
            "The laptops are ancient and the batteries last about an hour.",
            "Ringing the helpdesk means waiting 40 minutes to be told to restart.",
            "The office printer has been broken for weeks.",
            "You can't find documents on Carefile because everyone files them differently.",
        ),
        "neg@prelive": (
            "Heard the new system is coming. Hope someone has thought about the training.",
            "Everyone's talking about the new system but nobody's told us when or how.",
        ),
        "neg@live": (
            "Atlas went live and I couldn't log in for three days.",
            "Atlas is so slow - an assessment form takes forever to save.",
            "The Atlas training was two hours online. Nowhere near enough.",
            "We're recording things twice because half the data didn't migrate from Carefile.",
            "The forms on Atlas have twice as many boxes as before.",
            "Case notes from before the switch are missing or in the wrong place.",
            "I've lost hours to Atlas timing out and wiping what I'd typed.",
            "Atlas keeps logging me out.",
            "The workflow on Atlas doesn't match how we work - things sit in the wrong manager's tray.",
            "Duplicate recording on Atlas and on the spreadsheet trackers.",
            "I can't find the chronology anywhere on Atlas.",
            "Atlas was rushed in. We needed more time to get ready.",
            "The helpdesk is swamped since Atlas went live.",
            "Trying to print a CP plan from Atlas is impossible.",
            "Since Atlas came in everything takes twice as long to record.",
        ),
        "pos@old": (
            "The new laptops are much better.",
            "The helpdesk sorted my login problem really quickly.",
            "Being able to use Teams on my phone has helped.",
        ),
        "pos@live": (
            "Atlas is better once you get used to it.",
            "The Atlas super users in our team have been a lifesaver.",
            "Recording on the laptop in the car straight after a visit on Atlas saves so much time.",
            "The helpdesk have been patient with all our Atlas questions.",
            "Once it's bedded in I think Atlas will be a big improvement on Carefile.",
        ),
        "ask@old": (
            "A case recording system that doesn't crash.",
            "Decent laptops that last a full day.",
            "Mobile working so we can record on the go.",
            "Replace Carefile.",
        ),
        "ask@live": (
            "Proper Atlas training, face to face, not a video.",
            "Fix the Atlas login problems.",
            "More super users for Atlas.",
            "Stop asking us to record the same thing in Atlas and on a spreadsheet.",
            "Sort out the migrated data on Atlas.",
            "Tell us when the Atlas fixes are coming.",
            "Drop-in sessions for Atlas at times we can actually make.",
        ),
        "neg+@old": ("It wastes hours every week.", "IT say it's a known issue."),
        "neg+@live": (
            "Raised a ticket {weeks} days ago and still waiting.",
            "We're now behind on recording across the whole team.",
            "I dread opening it in the morning.",
        ),
        "whole_neg@live": (
            "Atlas. I understand it had to happen but the training was a video and a manual, logins "
            "didn't work for the first week, and everything takes three times as long. We're writing "
            "notes on paper and typing them up later, which defeats the point.",
            "Since go-live I've spent more time on the phone to the helpdesk than with families. "
            "Migrated chronologies are a mess and some documents are attached to the wrong child. That's "
            "a data breach waiting to happen.",
            "Cant log into Atlas from home. Raised a ticket 2 weeks ago, still waiting.",
            "Three weeks into Atlas and I'm still recording the same visit in three places - the case "
            "note, the visit form and the tracker my manager needs for the Monday meeting. The training "
            "didn't cover half of what we actually do. The super users are great but there's one per "
            "service and they have their own cases too.",
            "Could the monthly update say what's happening with the Atlas fixes?",
        ),
        "whole_neg@old": (
            "Carefile is held together with sellotape. Forms don't save, the search doesn't work, and if "
            "you're on a visit you can't access anything. Any new system has to be better than this.",
        ),
        "whole_pos@live": (
            "Atlas has been painful but our super user has been amazing and I'm starting to see how it "
            "will save time once it settles. Doing a visit note on the laptop in the car is a game changer.",
        ),
        "short_ask@old": ("better laptops", "Fix Carefile", "IT"),
        "short_ask@live": ("Fix Atlas", "Atlas!!!", "Atlas training"),
    },
    "training_development": {
        "neg": (
            "Training gets cancelled because of staffing.",
            "The training offer is nearly all e-learning.",
            "I can't get to training because I can't leave my caseload.",
            "There's no career progression unless you leave.",
            "The ASYE programme feels like an afterthought.",
            "I'm nine months into my ASYE and already on a full caseload.",
            "CPD is something I do in my own time.",
            "I've applied for the practice educator course twice and been told no both times.",
            "Mandatory training is just clicking through slides.",
        ),
        "pos": (
            "The ASYE programme is well organised and I feel supported.",
            "Good training on exploitation and contextual safeguarding this month.",
            "The practice week sessions were relevant and short.",
            "I've been given time to do my practice educator training.",
            "The court skills training was excellent.",
            "Shadowing as an ASYE has been great.",
            "My ASYE assessor is brilliant.",
            "The learning lunches are a good idea.",
        ),
        "ask": (
            "Protected time for CPD.",
            "A clear career pathway from newly qualified to senior practitioner.",
            "More face-to-face training.",
            "Training on court skills and PLO for newer social workers.",
            "Protected caseloads for ASYEs - actually protected.",
            "Fund the step up to management course for senior practitioners.",
            "Training on working with neurodivergent parents, it comes up in nearly every assessment.",
        ),
        "neg+": ("I'd like to develop but there's no room to.",),
        "pos+": ("More of that please.",),
        "whole_pos": (
            "As an ASYE I've felt really well supported. Protected caseload, fortnightly supervision, and "
            "the ASYE group on a Thursday is a lifeline.",
            "The PLO and court skills workshop with legal was really good, more like that please.",
        ),
        "whole_neg": (
            "ASYE in name only. Full caseload from month three, no reflective time, and my assessor has "
            "left. I'm not sure I'll stay once I've finished the year.",
            "I'm a senior practitioner and I've been told there's no budget for the practice educator "
            "course this year. I'd happily do it in my own time if it meant I could support students. "
            "Instead we rely on agency staff to supervise placements.",
        ),
        "short_pos": ("Training", "ASYE programme"),
    },
    "recruitment_retention_agency": {
        "neg": (
            "We are losing good people to neighbouring councils who pay more.",
            "Agency workers come in for three months and leave.",
            "Agency staff earn far more than us for the same job.",
            "Some children have had {k} social workers in a year.",
            "Another leaving do this month.",
            "Pay hasn't kept up - SWs can earn more in the next authority along.",
            "The vacancy rate is ridiculous.",
            "Good permanent staff are leaving because they're burnt out.",
            "Exit interviews happen but nothing changes.",
        ),
        "neg@early": ("Half our team are agency.", "Our pod has had four different SWs in a year."),
        "pos": (
            "The agency workers in our team are excellent and really committed.",
            "The recruitment campaign looks good.",
        ),
        "pos@late": (
            "New starters in the team are making a difference.",
            "It's good to see permanent social workers being recruited.",
            "The international recruits have settled in well and are a great addition.",
            "Fewer agency staff means more consistency for families.",
            "The retention payment made me stay.",
            "Our vacancy rate is down and you can feel it.",
            "Some of the agency staff have gone permanent which is a great sign.",
        ),
        "ask": (
            "Pay us the same as the neighbouring authorities.",
            "A retention payment for permanent staff.",
            "Convert good agency staff to permanent.",
            "Actually ask people why they're leaving and do something about it.",
            "A market supplement for experienced social workers.",
            "Recruit more family support workers, not just social workers.",
        ),
        "neg+": (
            "The permanent staff end up holding the complex cases.",
            "Families have to tell their story all over again.",
        ),
        "whole_neg@early": (
            "Our team is mostly agency. Good people, most of them, but they leave after a few months and "
            "the families start again with someone new. The permanent staff end up carrying the complex "
            "cases because we're the ones still here.",
            "Pay. We're the lowest paying authority in the region and we've just been judged inadequate. "
            "Why would an experienced SW come here?",
        ),
        "whole_pos@late": (
            "Three permanent SWs started in our pod this month. It's made a huge difference already - "
            "the mood is completely different.",
        ),
        "whole_neg": (
            "We brought in exit interviews last year. Four of my team have left since and not one was "
            "asked why. The reasons aren't a secret: money, caseloads and feeling like nothing will "
            "change. If we want people to stay, the retention offer has to beat the agency rates down "
            "the road.",
        ),
        "whole_ask": (
            "Would be good to know what the plan is for agency staff when the new permanent SWs start. "
            "There's a lot of uncertainty in our team.",
        ),
        "short_ask": ("More staff.", "Pay.", "more social workers"),
    },
    "early_help_joint_working": {
        "neg": (
            "Step-down to early help takes weeks and families fall through the gap.",
            "Thresholds at the front door are inconsistent.",
            "Police share information too late for strategy meetings.",
            "Health don't come to strategy discussions.",
            "The EH hubs are stretched too thin.",
            "The MASH sends contacts through with no consent and no information.",
            "Cases bounce back and forth between EH and social care.",
            "There's no shared system with early help so we can't see what's already been done.",
            "There's a six-week wait for a family group conference.",
            "Schools refer everything to social care because they can't get early help.",
        ),
        "pos": (
            "Working with the early help hub has been great - proper joint visits.",
            "Having police at the front door has made a real difference.",
            "FGCs are brilliant when we can get them.",
            "Good relationships with the local schools.",
            "The step-down meetings with EH are working well.",
            "The health visitors in the hub are really good to work with.",
            "Joint working with youth justice on exploitation cases is strong.",
        ),
        "ask": (
            "Faster step-down to early help.",
            "One system that early help and social care can both see.",
            "Health at every strategy discussion.",
            "More FGC coordinators.",
            "Clearer thresholds that partners understand.",
            "Joint training with police and health.",
        ),
        "neg+": ("Then the family gets re-referred a month later.", "It's the children who wait."),
        "whole_neg": (
            "Step-down to EH is a black hole. We close, they don't pick up for weeks, the family "
            "re-refer. It would be so much better if we did joint visits before closing.",
            "Front door decisions are getting quicker, but the information from partners hasn't changed - "
            "half the contacts are a line and a half with no consent recorded. We spend the morning "
            "ringing round to find out what the referrer meant. Joint training with schools on what a "
            "good referral looks like would save everyone hours.",
        ),
        "whole_pos": (
            "The police officer in the MASH has been fantastic - quick checks, good advice, and she "
            "actually comes to strategy meetings.",
            "The FGC service has been a real positive. Family networks turned up that we never knew about.",
        ),
        "whole_ask": (
            "Can we have a clearer route for schools to talk things through before they refer? A lot of "
            "what comes to the front door could be dealt with by a conversation.",
        ),
        "short_ask": ("Front door", "EH hubs"),
    },
    "health_camhs_access": {
        "neg": (
            "CAMHS waiting lists are over a year.",
            "Initial health assessments for children in care are always late.",
            "CAMHS won't see children until they're in a stable placement.",
            "ND assessments take two years.",
            "GP reports for conference never arrive on time.",
            "Young people in crisis are sent home from A&E with nothing.",
        ),
        "pos": (
            "The CLA nurse is brilliant.",
            "The CAMHS worker based in the hub has been a great help.",
        ),
        "ask": (
            "A CAMHS link worker for every team.",
            "Faster health assessments for children coming into care.",
            "Some support for children while they're on the CAMHS waiting list.",
        ),
        "whole_neg": (
            "A young person I work with has been waiting 14 months for CAMHS. She is self-harming and we've "
            "had two A&E visits. The wait itself is dangerous.",
        ),
    },
    "office_environment_wellbeing": {
        "neg": (
            "There aren't enough desks - I spend half the morning looking for one.",
            "The office is freezing in winter and boiling in summer.",
            "There are no private rooms for difficult phone calls.",
            "Parking near the office is impossible and we have to pay for it.",
            "Morale is low.",
            "I feel exhausted all the time.",
            "Lone working procedures aren't followed.",
            "The lift has been broken for months.",
            "There's no space to decompress after a hard visit.",
            "Hot-desking means you never sit with your own team.",
            "Stress levels across the team are worrying.",
        ),
        "pos": (
            "My colleagues.",
            "The team - we look out for each other.",
            "Peer support in our office is amazing.",
            "The people I work with.",
            "Working from home on report-writing days helps a lot.",
            "The wellbeing sessions have been helpful.",
            "Flexible working is respected in our team.",
            "Team lunch on a Friday.",
            "The support from the other SWs in my pod.",
            "Team spirit has survived everything that's been thrown at us.",
            "Having a laugh with colleagues on the hard days.",
            "Good team culture - everyone helps out.",
            "Support from colleagues after a difficult visit.",
            "The duty team are a great bunch.",
        ),
        "ask": (
            "More desks.",
            "A quiet room for phone calls.",
            "Free parking for staff who do home visits.",
            "Proper access to counselling after traumatic cases.",
            "Flexible start times.",
            "Fix the heating.",
        ),
        "neg+": ("It doesn't feel like the council values us.", "You can see it on people's faces."),
        "pos+": ("It makes the hard days bearable.", "It's a big part of why I stay."),
        "whole_neg": (
            "The annexe office is freezing, half the chairs are broken and there's nowhere private to make "
            "a difficult call. It doesn't feel like the council values us.",
            "I'm tired. Everyone's tired. You can see it on people's faces in the office.",
            "Two colleagues have gone off with stress this month. The EAP number on a poster isn't enough.",
            "I've been a social worker for eleven years and I've never seen morale this low. People are "
            "kind to each other, which is the only thing holding the team together, but you can't run a "
            "service on goodwill for ever. Someone needs to look at sickness levels across the service "
            "and ask why.",
        ),
        "whole_pos": (
            "The people. Honestly the only reason I come in some days is the team.",
            "Team are brilliant, we support each other through everything. Also the new kitchen is nice.",
            "Thank you to whoever organised the wellbeing day. Didn't realise how much I needed it.",
        ),
        "short_pos": ("Colleagues", "My team.", "The team", "colleagues!", "Peer support", "my colleagues x"),
    },
}

# Comments specific to a service area, used as an extra "area" topic so that, for example, Leaving
# care talks about pathway plans and housing and the front door about contacts and thresholds.
_AREA: dict[str, Pool] = {
    "front_door": {
        "neg": (
            "Contacts come into the MASH with no consent and barely any detail.",
            "We're getting police notifications by the hundred and most don't meet threshold.",
            "The contact volume at the front door is relentless and the 24-hour decisions slip.",
            "Partners don't understand thresholds and we spend all day explaining them.",
            "Schools ring to ask what happened to their referral because nobody told them.",
            "Strategy discussions get held without health because they can't join at short notice.",
        ),
        "pos": (
            "Having police and health sat with us in the MASH makes decisions quicker.",
            "Threshold conversations with schools are much better since the consultation line started.",
            "The MASH team are a brilliant bunch under a lot of pressure.",
        ),
        "ask": (
            "A consultation line so schools can talk to a social worker before referring.",
            "Health in the MASH every day, not just two days a week.",
            "Feedback to referrers built into the system so we don't have to chase it.",
        ),
    },
    "assessment": {
        "neg": (
            "Assessments are going past 45 days because we can't get to them.",
            "Back-to-back duty and s47s mean assessments get squeezed.",
            "Transfers to the area teams get stuck and we hold cases for weeks.",
            "Assessment templates are too long and repeat themselves.",
        ),
        "pos": (
            "The transfer process to the area teams is smoother now.",
            "Joint s47 visits with the police have been well organised.",
        ),
        "ask": (
            "A limit on how many s47s one SW can hold at once.",
            "A shorter assessment template.",
        ),
    },
    "area_team": {
        "neg": (
            "PLO and care proceedings on top of CP and CIN cases is too much.",
            "Core groups, conferences, visits, court - the diary is full before the week starts.",
            "The patch is huge and I spend hours in the car.",
            "CIN cases drift because the CP work always comes first.",
        ),
        "pos": (
            "The pod structure works well in our area now.",
            "Good links with the local EH hub and schools in our area.",
        ),
        "ask": (
            "Court work weighted properly when cases are allocated.",
            "A second office in the north of the patch.",
        ),
    },
    "children_in_care": {
        "neg": (
            "Placement moves happen at short notice because there's nowhere else.",
            "IROs are stretched and reviews keep being rescheduled.",
            "Children are placed 60 miles away and we're expected to visit every six weeks.",
            "Health assessments for our CLA are never on time.",
            "Contact takes up a huge amount of time and there aren't enough contact workers.",
        ),
        "pos": (
            "The IROs in our service really challenge for the children.",
            "Placement stability has improved for some of my children this year.",
            "Life story work is finally getting done.",
            "The Children in Care Council is a real highlight.",
        ),
        "ask": (
            "More local placements.",
            "Contact supervisors so SWs aren't supervising contact on a Saturday.",
            "IRO caseloads need to come down too.",
        ),
    },
    "leaving_care": {
        "neg": (
            "There's no suitable housing for care leavers and young people end up in B&Bs.",
            "Pathway plans get written to hit a deadline, not with the young person.",
            "PA caseloads are far too high to keep in touch with everyone properly.",
            "The quality of supported accommodation is poor and we have no say.",
            "Young people turning 18 fall off a cliff with CAMHS and adult services.",
            "Staying put allowances don't match what carers need.",
        ),
        "pos": (
            "The care leavers' hub is a great space and young people actually come in.",
            "Housing have been much more responsive this year.",
            "The local offer for care leavers is genuinely good now.",
            "Pathway plans are better since we started writing them with the young people.",
        ),
        "ask": (
            "A housing protocol that actually works.",
            "More PAs.",
            "Ring-fenced flats for care leavers.",
        ),
    },
    "fostering": {
        "neg": (
            "We're losing foster carers to IFAs who pay more.",
            "Sufficiency is the biggest issue - we simply don't have enough carers.",
            "Form F assessments are taking far too long.",
            "Carers feel unsupported out of hours.",
            "Panel dates keep getting moved.",
            "Carers tell me they never hear back from the children's social workers.",
        ),
        "pos": (
            "Our foster carers are amazing and the support group is thriving.",
            "The recruitment campaign for carers brought in some good enquiries.",
            "Panel is well run and gives useful feedback.",
            "The fostering team is a lovely team to work in.",
        ),
        "ask": (
            "Pay carers properly.",
            "A proper out-of-hours support line for carers.",
            "More supervising social workers so we can support carers properly.",
        ),
    },
    "early_help": {
        "neg": (
            "Step-down cases arrive with no plan and no handover.",
            "The hubs are being asked to hold cases that should be with social care.",
            "Family support workers are carrying 20+ families each.",
            "Schools see EH as a waiting room for social care.",
            "The EH assessment is far too long for families who just need a bit of help.",
        ),
        "pos": (
            "The hub team are brilliant and families like coming to us.",
            "Step-down meetings with social care are much better than they were.",
            "The parenting groups in the hub are full and families love them.",
            "Good joint working with health visitors and schools.",
        ),
        "ask": (
            "Proper handovers for step-down cases.",
            "A shared system with social care.",
            "More family support workers.",
            "Secure funding for the hubs beyond March.",
        ),
    },
    "qa": {
        "neg": (
            "Audits are done to teams rather than with them.",
            "The audit programme is huge and the learning never gets back to practitioners.",
            "We spend more time preparing for monitoring visits than improving practice.",
            "Performance data is wrong half the time because of recording issues.",
            "CP chairs are stretched and conferences get moved.",
        ),
        "pos": (
            "Audit moderation is more collaborative now.",
            "The practice learning sessions from audits are well received by teams.",
            "The QA team work well together and are supportive.",
        ),
        "ask": ("Share audit learning in a way teams can use.", "Fewer, better audits.", "More CP chairs."),
    },
}

_AREA_MATCH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("front_door", ("front door", "mash")),
    ("leaving_care", ("leaving care", "care leaver")),
    ("children_in_care", ("children in care", "looked after")),
    ("fostering", ("fostering", "adoption")),
    ("early_help", ("early help",)),
    ("qa", ("quality",)),
    ("assessment", ("assessment",)),
    ("area_team", ("area team", "locality", "child protection")),
)

# Openers and endings carry the register: ranty, measured, managerial, grateful. An opener ending in
# "," ":" or "-" runs on into the core, whose first letter is then lowered.
_OPENERS: dict[str, tuple[str, ...]] = {
    "neg": (
        "Honestly,",
        "To be blunt,",
        "Same as last month:",
        "As I've said before,",
        "Where do I start.",
        "I'll say it again -",
        "Not being funny but",
        "Frankly,",
        "Sorry to be negative but",
        "Every month I put this:",
        "Tbh",
        "Genuinely,",
        "I'm going to be honest.",
        "Not much has changed.",
        "Realistically,",
    ),
    "pos": (
        "Credit where it's due:",
        "To be fair,",
        "Honestly,",
        "Got to say,",
        "Genuinely,",
        "For me,",
        "Definitely",
        "Without a doubt",
        "Has to be said,",
    ),
    "ask": (
        "One change:",
        "For me,",
        "Simple -",
        "If I could change one thing:",
        "Honestly,",
        "Easy -",
        "Please,",
        "Top of my list:",
        "Only one? OK,",
        "Realistically,",
        "Same as always -",
        "Speaking for the team,",
    ),
}
# Answers to "what is working well?" that start off by saying "not much".
_WW_NEG_OPENERS = (
    "Not a lot.",
    "Honestly? Not much.",
    "Nothing I can think of this month.",
    "Hard to say.",
    "Not much at the moment if I'm honest.",
    "Not sure anything is, right now.",
    "Struggling to think.",
)
_ENDINGS: dict[str, tuple[str, ...]] = {
    "neg": (
        "It's not sustainable.",
        "Something has to give.",
        "Rant over.",
        "Sorry but it's true.",
        "Please listen.",
        "Nothing changes.",
        "We deserve better and so do the children.",
        "I love the job but this is wearing me down.",
        "Same as every month.",
        "I'm tired.",
        "Just being honest.",
        "Thanks for asking I suppose.",
        "Not good enough.",
    ),
    "pos": (
        "Thank you.",
        "Long may it continue.",
        "Thanks!",
        "More of this please.",
        "Credit where it's due.",
        "It makes a real difference.",
        ":)",
        "Keep it up.",
    ),
    "ask": (
        "Thanks.",
        "Please.",
        "That would make a huge difference.",
        "It's not rocket science.",
        "That's it really.",
        "Would make life so much easier.",
        "Cheers.",
        "I think that would help everyone.",
    ),
}
_CONNECTORS = ("Also", "Also,", "And", "Plus", "Oh and", "Separately,", "On another note,", "Also -")

_NO_CONTENT = (
    "n/a",
    "N/A",
    "Nothing to add",
    "nothing to add",
    "no",
    "No",
    "-",
    "Not sure",
    "not sure",
    "None",
    "Nothing",
    "nothing really",
    "Can't think of anything",
    "see above",
    "As last month",
    "No comment",
)

# Comments a moderator must see first (a risk to the writer, a colleague's conduct, a child at risk).
# Written soberly and kept rare (about 1 in 100 non-blank answers).
_MODERATION_STAFF = (
    "I'm not coping. I've been sitting in the car crying before visits most days this month and I "
    "don't know who to tell.",
    "I am at breaking point. I can't sleep, I've stopped seeing friends and I don't know how much longer "
    "I can keep going like this.",
    "A manager in our service regularly makes comments about colleagues' accents and religion. It has "
    "been raised before and nothing happened.",
    "I believe a colleague has been recording visits that did not take place. I don't feel able to "
    "raise it in the team.",
    "A colleague has come into work smelling of alcohol more than once and then driven to visits.",
    "There is a child on my caseload I believe is at serious risk. The decision to close was made over "
    "my head without a strategy discussion and I don't know where else to say this.",
    "Someone senior shouted at a newly qualified worker in front of the whole team last week. People "
    "are frightened to speak up.",
    "I have been told to change the dates on case notes before the audit. I am not comfortable with it.",
)
_MODERATION_PARTNER = (
    "We referred a Year 8 girl we believe is being exploited and the referral was closed within a day. "
    "She has been missing from school since. Please can someone look at this urgently.",
    "One of your social workers spoke to a parent in our reception in a way that left her in tears. "
    "I'd like to raise this formally but don't know how.",
    "A child disclosed to our staff that an adult in the home hurts him. We were told it didn't meet "
    "threshold. We are very worried.",
)

# Invented people, places and references for the personal data the redactor must find. None of these
# names is used anywhere else in the fragments, so a name in a comment means personal data was added.
FIRST_NAMES: tuple[str, ...] = (
    "Sarah",
    "Priya",
    "Kemi",
    "Joanne",
    "Dionne",
    "Tomasz",
    "Gareth",
    "Aisha",
    "Niamh",
    "Rebecca",
    "Marcus",
    "Siobhan",
    "Imran",
    "Leanne",
    "Bethany",
    "Oluwaseun",
    "Carys",
    "Darren",
    "Farah",
    "Helen",
    "Kwame",
    "Lorraine",
    "Nadia",
    "Rhys",
    "Zainab",
    "Deborah",
    "Anil",
    "Claire",
    "Magdalena",
    "Yusuf",
)
SURNAMES: tuple[str, ...] = (
    "Okafor",
    "Hartley",
    "Nowak",
    "Brennan",
    "Achterberg",
    "Sandhu",
    "Fairclough",
    "Mensah",
    "Pritchard",
    "Kowalczyk",
    "Whitlock",
    "Adeyemi",
    "Doherty",
    "Qureshi",
    "Rowntree",
    "Balogun",
    "Ellery",
    "Hussein",
    "Thorne",
    "Varga",
    "Osei",
    "Langridge",
    "McAllister",
    "Begum",
    "Fenwick",
    "Oyelaran",
    "Carmody",
)
CHILD_NAMES: tuple[str, ...] = (
    "Jayden",
    "Amelia",
    "Tyler",
    "Kaydence",
    "Bilal",
    "Ruby-Mae",
    "Ellis",
    "Zara",
    "Kacper",
    "Leo",
    "Shanice",
    "Mason",
    "Tiana",
    "Riley",
    "Ayaan",
    "Lexi",
)
_TITLES = ("Mrs", "Mr", "Ms", "Miss", "Dr")
_STREETS = (
    "Larkspur Close",
    "Whitmore Road",
    "Cobden Street",
    "Ashgrove Avenue",
    "Mill Lane",
    "Fennel Court",
    "Harcourt Terrace",
    "Partridge Way",
    "Sedgefield Drive",
)
_POSTCODES = ("LS9 7QT", "NE6 2HX", "M14 5RB", "B11 3JF", "S2 4NL", "BD7 1PW", "WF1 5DG", "HU8 9AE")
_SCHOOLS = (
    "Brookfield Primary",
    "St Aidan's C of E Primary",
    "Hollins Park Academy",
    "Riverside Community School",
    "Oakwood Special School",
    "The Beacon Centre",
)

_PII_STAFF: dict[str, tuple[str, ...]] = {
    "pos": (
        "{first} in the MASH team has been brilliant this month.",
        "Special mention to {full}, the best PM I've worked with.",
        "{first} on the helpdesk went above and beyond for me.",
        "{titled} from legal has been so helpful with our PLO cases.",
        "Big thank you to {first} in business support.",
        "{full} in business support deserves a medal.",
        "Shout out to {first} and {first2} in the duty team.",
        "My TM {first} is fantastic.",
    ),
    "neg": (
        "I've got {child}'s case on top of everything else and it needs far more time than I can give.",
        "Case {ref} has been waiting for a decision for three weeks.",
        "I've emailed {email} four times about this and had no reply.",
        "{titled} at the housing office hasn't returned a call in a fortnight.",
        "I rang the helpdesk on {phone} and waited 50 minutes.",
        "{child} has had five social workers this year and I'm the sixth.",
        "Take {ref} - three transfers in two months.",
        "The family at {address} were visited by three different workers in one week.",
        "{full} keeps getting given the complex cases because she's the only permanent SW left.",
    ),
    "ask": (
        "Happy to talk more about this - I'm on {phone}.",
        "Please get in touch if you want to know more: {email}",
        "Ask {first} in QA, she's got the data on this.",
        "Happy to help with this, ring me on {phone}.",
        "If anyone wants an example, look at {ref}.",
        "{titled} in workforce development would be a good person to run the sessions.",
    ),
}
_PII_PARTNER: tuple[str, ...] = (
    "Please contact our DSL, {titled}, on {phone}.",
    "I can be reached at {email} if you want to discuss.",
    "{child} in Year {year} has been waiting since September for an EHCP.",
    "Our referral for {child} ({ref}) was closed without anyone contacting us.",
    "Our SENCo {full} has chased this repeatedly.",
    "The social worker for {child}, {titled}, has been excellent.",
    "Our office is at {address}, {postcode} - we'd welcome a visit.",
    "Ring me on {phone}, I'd be glad to talk.",
    "Our family liaison officer, {full}, would be a good person to include.",
    "{child} joined us from {school} in the spring and no social care records came with them.",
    "Email {email} and we'll find a date.",
)

# Common misspellings; one is swapped in now and then (the preserved case is that of the original).
_TYPOS: dict[str, str] = {
    "definitely": "definately",
    "receive": "recieve",
    "received": "recieved",
    "separate": "seperate",
    "necessary": "neccessary",
    "because": "becuase",
    "management": "managment",
    "environment": "enviroment",
    "colleagues": "collegues",
    "really": "realy",
    "which": "wich",
    "occasionally": "occasionaly",
    "until": "untill",
    "accommodation": "accomodation",
    "assessment": "assesment",
    "assessments": "assesments",
    "committed": "commited",
    "supervision": "supervison",
    "responsibility": "responsibilty",
    "experienced": "experianced",
    "their": "thier",
    "genuinely": "genuinly",
    "relentless": "relentles",
    "brilliant": "brillant",
}

# Words whose capital survives when a core is run on after an opener ("Honestly, Atlas ...").
_KEEP_CAPITAL = {
    "I",
    "Atlas",
    "Carefile",
    "Signs",
    "Head",
    "Heads",
    "Director",
    "Big",
    "Ofsted",
    "Teams",
    "Town",
    "Friday",
    "Year",
    "Tuesday",
    "Thursday",
}

# --------------------------------------------------------------------------------------------------
# Partnership survey fragments
# --------------------------------------------------------------------------------------------------

# Said by any partner, school or not.
_PARTNER_COMMON: Pool = {
    "neg": (
        "We never hear back about referrals.",
        "Social workers change so often that we can't build a relationship with anyone.",
        "The threshold seems to move depending on who picks up the phone.",
        "The council doesn't listen to partners.",
        "Decisions that affect us are made without asking us.",
        "Invitations to CP conferences arrive the day before.",
        "Our reports for conference are never acknowledged.",
        "We raise the same issues every year and nothing changes.",
    ),
    "neg@early": (
        "We don't know who to contact when we have a concern.",
        "Phone calls to the front door go unanswered for long periods.",
        "Nobody has explained the new structure to partners.",
    ),
    "pos": (
        "Response from the front door has been quicker recently.",
        "Individual social workers are often excellent.",
        "The multi-agency safeguarding training was worthwhile.",
    ),
    "pos@late": (
        "Having a named link social worker has made a real difference.",
        "Feedback on referrals has improved this term.",
        "It feels like the council is starting to listen.",
        "The partnership newsletter is useful and to the point.",
    ),
    "ask": (
        "Feedback on every referral, even a short email.",
        "A named contact we can ring.",
        "Talk to us before making decisions that affect us.",
        "Joint training with social workers.",
        "Tell us who is who in the new structure.",
    ),
    "neg+": ("This has been raised many times.", "It leaves us holding the risk."),
    "pos+": ("Thank you.", "We'd like more of this."),
}
_SCHOOL_SHARED: Pool = {
    "neg": (
        "We are holding risk in school that should be held by social care.",
        "EHCPs are taking far longer than 20 weeks.",
        "SEND provision in the area is nowhere near enough.",
        "CAMHS waits are so long that school staff are doing the work themselves.",
        "Our DSL spends half her week chasing social workers.",
        "We're told to do an early help assessment for everything but there's nobody to step it up to.",
        "The early help offer is confusing and seems to change every year.",
        "Headteachers are not heard.",
    ),
    "pos": (
        "The DSL forum is a really useful space.",
        "Our named early help worker is brilliant.",
        "Social workers coming to our TAF meetings has improved.",
        "The virtual school is supportive and responsive.",
        "The consultation line for DSLs has been helpful.",
    ),
    "pos@late": ("The new education link social worker has been excellent.",),
    "ask": (
        "Invite the school to strategy meetings when we made the referral.",
        "Publish the early help offer in one place.",
        "Meet the 20-week EHCP timescale.",
        "Talk to headteachers before making decisions that affect schools.",
        "A named social care contact for each school.",
    ),
}
_PARTNER_SETTING: dict[str, Pool] = {
    "primary": {
        "neg": (
            "We have Reception children with significant needs and no EHCP in sight.",
            "Attendance concerns don't seem to count as safeguarding at the front door.",
            "Families with young children are told they don't meet threshold until something happens.",
            "Our vulnerable Year 6 pupils get no support with transition to secondary.",
            "Speech and language waits mean children start Year 1 without help.",
        ),
        "pos": (
            "The family support worker attached to our cluster has been invaluable.",
            "Health visitors and the hub work well with our nursery.",
        ),
        "ask": (
            "Early help for families before things reach crisis.",
            "Someone to help with transition for our most vulnerable Year 6s.",
        ),
        "whole": (
            "As a small primary we don't have a pastoral team. When a referral is closed with no "
            "feedback, it is the class teacher and me holding that child's safety. We need a proper "
            "conversation, not a letter.",
            "Our early help worker is excellent but she covers eleven schools. Families wait weeks.",
        ),
    },
    "secondary": {
        "neg": (
            "Exploitation concerns are raised and nothing happens until the child goes missing.",
            "There are no AP places, so permanent exclusion ends up being the only route.",
            "Students are waiting more than a year for CAMHS.",
            "Managed moves break down because there's no support around them.",
            "County lines is a real issue for our students and we feel on our own.",
            "Part-time timetables are the only option while we wait for the council.",
        ),
        "pos": (
            "The contextual safeguarding team have been responsive.",
            "The exploitation panel is a step forward.",
        ),
        "ask": ("More AP places in the borough.", "A clear pathway for pupils at risk of exclusion."),
        "whole": (
            "Exclusions are rising because there is nowhere else for these young people to go. The AP "
            "offer is full, the waiting list for an EHCP assessment is over a year and CAMHS won't see "
            "them. We are not the problem here.",
            "Good individual social workers, poor system. We spend hours chasing.",
        ),
    },
    "special": {
        "neg": (
            "Annual review amendments sit with the SEND team for months.",
            "Transport arrangements change without anyone telling us or the family.",
            "Our pupils' social workers rarely understand the child's communication needs.",
            "Parents are at breaking point waiting for short breaks.",
        ),
        "pos": ("The SEND caseworker for our school is responsive and knows our children.",),
        "ask": (
            "Short breaks that families can actually get.",
            "Social workers to see children in school where they are most comfortable.",
        ),
        "whole": (
            "Families of children with complex needs are exhausted. Short breaks have been cut, "
            "respite is months away and the EHCP annual review paperwork never comes back. Please "
            "come and see what our families cope with.",
            "Our families are sent to early help, but early help doesn't have the specialist knowledge for "
            "a child with profound needs. There needs to be a route between early help and the disabled "
            "children's team.",
        ),
    },
    "alternative_provision": {
        "neg": (
            "Students arrive with no information about social care involvement.",
            "Reintegration plans are never followed through.",
            "We are seeing more exploited young people and the response is slow.",
            "Placements are commissioned for six weeks and then rolled on without any review.",
        ),
        "pos": ("Youth justice and social care have been good at joint planning this term.",),
        "ask": (
            "Information shared when a young person starts with us.",
            "Longer-term commissioning so we can plan.",
        ),
        "whole": (
            "AP is treated as a holding pen. Young people come to us with no plan, no information "
            "and no end date. Many of ours are known to social care and we find out by accident.",
            "Reintegration is the goal on paper, but mainstream schools won't take our young people back "
            "and nobody from the council holds them to it.",
        ),
    },
    "health": {
        "neg": (
            "Health are not invited to strategy discussions, or invited with an hour's notice.",
            "Initial health assessment requests arrive late and without consent forms.",
            "Health professionals get no feedback on referrals to the MASH.",
            "Social workers change so often health visitors can't keep track of who to share with.",
            "The ICB and the council seem to plan separately.",
        ),
        "pos": (
            "The health representative in the MASH has improved information sharing.",
            "Joint working on CP medicals is much better.",
        ),
        "ask": (
            "Health invited to every strategy discussion.",
            "Consent forms with every IHA request.",
            "A single point of contact in children's social care for GPs.",
        ),
        "whole": (
            "From a named nurse perspective, the biggest issue is late IHA requests. Children in care "
            "are waiting months for an initial health assessment because we get the paperwork weeks "
            "after they come into care.",
            "Health visitors are often the only professional seeing a baby regularly, yet we are the last "
            "to hear when a case is closed. A simple closure notification would make a big difference.",
        ),
    },
    "police": {
        "neg": (
            "Strategy discussions are held without police at all.",
            "Return home interviews are late or not done, so we lose intelligence on missing children.",
            "PPNs go into the MASH and we don't know what happens to them.",
            "s47 joint visits are hard to arrange because social workers keep changing.",
            "LADO referrals take too long to be picked up.",
        ),
        "pos": (
            "Working relationships in the MASH are strong.",
            "The missing and exploitation meetings are well run.",
            "Social care colleagues share information quickly on urgent cases.",
        ),
        "ask": (
            "RHIs completed within 72 hours.",
            "An agreed joint position on thresholds for PPNs.",
            "A children's services manager the police can reach out of hours.",
        ),
        "whole": (
            "Officers in the MASH work well with social care day to day. The gap is out of hours: "
            "getting a decision from EDT can take hours and children are sometimes held in custody "
            "suites longer than they should be.",
            "Joint s47 work goes well when the same social worker stays throughout. When it changes part "
            "way through we end up re-interviewing, which is hard on the child and weakens the evidence.",
            "Return home interviews are the biggest gap. Without them we are making decisions about "
            "missing episodes blind.",
        ),
    },
}
_PARTNER_OPENERS: dict[str, tuple[str, ...]] = {
    "school": (
        "As a headteacher,",
        "Speaking for our safeguarding team,",
        "On behalf of the school,",
        "As DSL,",
        "As in previous surveys,",
        "Honestly,",
        "In short,",
    ),
    "health": ("From a health perspective,", "As a named nurse,", "Speaking for the health visiting team,"),
    "police": ("From a policing point of view,", "For the police,", "As the MASH police lead,"),
    # Requests are noun phrases or imperatives, so they need openers that a request can follow.
    "ask": ("What would help:", "Simply:", "Our one request:", "Please -", "Above all,", "As before -"),
}
_PARTNER_ENDINGS: dict[str, tuple[str, ...]] = {
    "school": (
        "We want to work with you.",
        "Please listen to schools.",
        "Thank you for asking.",
        "This has been raised many times.",
        "Our children deserve better.",
        "Happy to discuss further.",
        "We are willing to help.",
    ),
    "partner": (
        "Thank you for asking.",
        "This has been raised before.",
        "Happy to discuss further.",
        "We want to make the partnership work.",
        "We are keen to help.",
    ),
}

# --------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Where in the series a comment is written, and for whom."""

    p: float  # progress through the series, 0 at wave 1 and 1 at the last wave
    phases: tuple[str, ...]
    area: str | None


def _context(wave: int, n_waves: int, area: str | None = None) -> _Ctx:
    n = max(int(n_waves), 1)
    # A wave past the last (the current open wave) behaves like the last one.
    w = min(max(int(wave), 1), n)
    p = (w - 1) / (n - 1) if n > 1 else 1.0
    golive = max(2, n - 1)
    event = n // 2 + 1  # the Big Conversation and DCS visits happen before this wave
    phases = []
    if p < 0.35:
        phases.append("early")
    if 0.25 <= p <= 0.75:
        phases.append("mid")
    if p >= 0.65:
        phases.append("late")
    phases.append("live" if w >= golive else "old")
    if w == golive - 1:
        phases.append("prelive")
    phases.append("before" if w < event else "after")
    return _Ctx(p=p, phases=tuple(phases), area=area)


def _lookup(pool: Pool, kind: str, ctx: _Ctx) -> tuple[str, ...]:
    """All fragments of ``kind`` that hold in this wave (un-phased plus matching phases)."""
    out = pool.get(kind, ())
    for ph in ctx.phases:
        out = out + pool.get(f"{kind}@{ph}", ())
    return out


def _area_key(service_area: str) -> str | None:
    s = service_area.lower()
    for key, needles in _AREA_MATCH:
        if any(needle in s for needle in needles):
            return key
    return None


class _Slots(dict):
    """Fills ``{slot}`` placeholders lazily from the generator, each slot drawn once per comment."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        makers = {
            "hi": lambda: str(r.randint(24, 34)),
            "mid": lambda: str(r.randint(19, 23)),
            "lo": lambda: str(r.randint(13, 18)),
            "k": lambda: str(r.randint(3, 7)),
            "weeks": lambda: str(r.randint(5, 12)),
            "year": lambda: str(r.randint(1, 11)),
            "first": lambda: r.choice(FIRST_NAMES),
            "first2": lambda: r.choice([n for n in FIRST_NAMES if n != self["first"]]),
            "full": lambda: f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}",
            "titled": lambda: f"{r.choice(_TITLES)} {r.choice(SURNAMES)}",
            "child": lambda: r.choice(CHILD_NAMES),
            "phone": lambda: _phone(r),
            "email": lambda: _email(r),
            "ref": lambda: _case_ref(r),
            "address": lambda: _address(r),
            "postcode": lambda: r.choice(_POSTCODES),
            "school": lambda: r.choice(_SCHOOLS),
        }
        value = makers[key]()
        self[key] = value
        return value


def _fill(text: str, slots: _Slots) -> str:
    return text.format_map(slots) if "{" in text else text


def _phone(rng: random.Random) -> str:
    """A number from Ofcom's ranges reserved for drama, written the way people write numbers."""
    tail = f"{rng.randint(0, 999):03d}"
    return rng.choice(
        (
            f"020 7946 0{tail}",
            f"0161 496 0{tail}",
            f"0117 496 0{tail}",
            f"0113 496 0{tail}",
            f"07700 900{tail}",
            f"07700900{tail}",
            f"+44 7700 900{tail}",
            f"(0161) 496 0{tail}",
        )
    )


def _email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES).lower(), rng.choice(SURNAMES).lower()
    domain = rng.choice(("example.com", "example.org"))
    forms = (f"{first}.{last}@{domain}", f"{first[0]}{last}@{domain}", f"{first}{last[0]}@{domain}")
    return rng.choice(forms)


def _case_ref(rng: random.Random) -> str:
    year = rng.choice((2022, 2023, 2024))
    num = rng.randint(1, 9999)
    long_ref = rng.randint(1000000, 9999999)
    forms = (
        f"CP-{year}-{num:04d}",
        f"CIN/{year % 100}/{num:04d}",
        f"LAC-{year}-{num:04d}",
        f"ref {long_ref}",
    )
    return rng.choice(forms)


def _address(rng: random.Random) -> str:
    number = rng.randint(2, 148)
    street = rng.choice(_STREETS)
    return f"Flat {rng.randint(1, 9)}, {number} {street}" if rng.random() < 0.3 else f"{number} {street}"


def _decap(text: str) -> str:
    """Lower the first letter so a core can follow an opener, unless it's an acronym or a name."""
    first = text.split(" ", 1)[0].rstrip(".,:;!?'")
    word = re.sub(r"'.*$", "", first)
    acronym = len(word) > 1 and (word.isupper() or word[1:2].isupper())
    if not word or word in _KEEP_CAPITAL or acronym:
        return text
    return text[0].lower() + text[1:]


def _join(opener: str, body: str, *, run_on: bool = False) -> str:
    """Put an opener or connector before ``body``; a run-on lowers the body's first letter."""
    if (
        run_on
        or opener[-1] in ",:-"
        or opener in ("Tbh", "Not being funny but", "Definitely", "Without a doubt")
    ):
        return f"{opener} {_decap(body)}"
    return f"{opener} {body}"


def _words(text: str) -> int:
    return len(text.split())


_MAX_WORDS = 70


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _staff_theme_weights(question_key: str, ctx: _Ctx) -> dict[str, float]:
    """Relative frequency of each topic (plus the service-area pseudo-topic) for this question and wave."""
    p = ctx.p
    live = "live" in ctx.phases
    after = "after" in ctx.phases
    if question_key == "one_change":
        w = {
            "caseload_workload": _lerp(0.32, 0.10, p),
            "supervision_management_support": 0.08,
            "senior_leadership_visibility": 0.07 if after else 0.11,
            "communication": _lerp(0.10, 0.07, p),
            "practice_model_clarity": 0.08,
            "it_systems_case_recording": 0.24 if live else 0.05,
            "training_development": 0.07,
            "recruitment_retention_agency": _lerp(0.12, 0.07, p),
            "early_help_joint_working": 0.07,
            "health_camhs_access": 0.03,
            "office_environment_wellbeing": 0.07,
        }
    else:
        w = {
            "caseload_workload": _lerp(0.06, 0.11, p),
            "supervision_management_support": 0.17,
            "senior_leadership_visibility": 0.09 if after else 0.03,
            "communication": _lerp(0.04, 0.09, p),
            "practice_model_clarity": 0.07,
            "it_systems_case_recording": 0.08 if live else 0.02,
            "training_development": 0.08,
            "recruitment_retention_agency": _lerp(0.03, 0.09, p),
            "early_help_joint_working": 0.07,
            "health_camhs_access": 0.02,
            "office_environment_wellbeing": 0.22,
        }
    # Service areas lean towards their own concerns.
    boosts = {
        "front_door": {"early_help_joint_working": 2.2},
        "early_help": {"early_help_joint_working": 2.2},
        "children_in_care": {"health_camhs_access": 2.5},
        "leaving_care": {"health_camhs_access": 2.0},
        "assessment": {"caseload_workload": 1.2, "practice_model_clarity": 1.3},
        "area_team": {"caseload_workload": 1.2, "practice_model_clarity": 1.3},
        "qa": {"caseload_workload": 0.6, "communication": 1.3},
        "fostering": {"recruitment_retention_agency": 1.3},
    }
    for theme, factor in boosts.get(ctx.area or "", {}).items():
        w[theme] *= factor
    if ctx.area:
        w["area"] = 0.13
    return w


def _staff_stance(theme: str, question_key: str, ctx: _Ctx) -> dict[str, float]:
    """Probabilities of complaint (neg), request (ask) and praise (pos) for this topic and wave."""
    p = ctx.p
    if question_key == "working_well":
        neg, ask, pos = 0.14, 0.06, 0.80
        if theme == "caseload_workload":
            neg = _lerp(0.30, 0.08, p)
        elif theme == "senior_leadership_visibility":
            neg = 0.15 if "after" in ctx.phases else 0.55
        elif theme == "it_systems_case_recording" and "live" in ctx.phases:
            neg = 0.40
        return {"neg": neg, "ask": ask, "pos": pos}
    neg, ask, pos = 0.44, 0.50, 0.06
    if theme == "caseload_workload":
        neg, ask, pos = _lerp(0.58, 0.25, p), 0.40, _lerp(0.02, 0.35, p)
    elif theme == "senior_leadership_visibility":
        neg, ask, pos = (0.30, 0.40, 0.30) if "after" in ctx.phases else (0.62, 0.36, 0.02)
    elif theme == "communication":
        pos = _lerp(0.03, 0.25, p)
    elif theme == "recruitment_retention_agency":
        pos = _lerp(0.03, 0.30, p)
    elif theme == "it_systems_case_recording" and "live" in ctx.phases:
        neg, ask, pos = 0.60, 0.35, 0.05
    return {"neg": neg, "ask": ask, "pos": pos}


def _pool_for(theme: str, ctx: _Ctx) -> Pool:
    if theme == "area":
        return _AREA[ctx.area] if ctx.area else {}
    return _STAFF[theme]


def _compose(
    rng: random.Random,
    pool: Pool,
    stance: str,
    ctx: _Ctx,
    slots: _Slots,
    *,
    openers: Sequence[str],
    endings: Sequence[str],
    second: tuple[Pool, str] | None = None,
) -> str | None:
    """Opener? + core + detail? + another core? + second topic? + ending?, under the word limit.

    ``second`` is another topic's pool and the stance to take from it. About one comment in six is
    written by someone with more to say, who adds most of the optional parts.
    """
    cores = _lookup(pool, stance, ctx)
    if not cores:
        return None
    verbose = rng.random() < 0.17
    body = _fill(rng.choice(cores), slots)
    if openers and rng.random() < 0.30:
        body = _join(rng.choice(openers), body)
    extras: list[str] = []
    details = _lookup(pool, stance + "+", ctx)
    if details and rng.random() < (0.75 if verbose else 0.35):
        extras.append(_fill(rng.choice(details), slots))
    # A second, different core on the same topic makes a fuller, more considered comment.
    if rng.random() < (0.55 if verbose else 0.12):
        other = rng.choice(cores)
        if "{" not in other and other.lower() not in body.lower():
            extras.append(other)
    if second and rng.random() < (0.6 if verbose else 0.12):
        second_pool, second_stance = second
        second_cores = [c for c in _lookup(second_pool, second_stance, ctx) if "{" not in c]
        if second_cores:
            extras.append(_join(rng.choice(_CONNECTORS), rng.choice(second_cores), run_on=True))
            second_details = _lookup(second_pool, second_stance + "+", ctx)
            if verbose and second_details and rng.random() < 0.5:
                extras.append(_fill(rng.choice(second_details), slots))
    # An ending after a supporting detail tends to repeat it, so it is rarer then.
    if endings and rng.random() < (0.3 if verbose else 0.08 if extras else 0.22):
        ending = rng.choice(endings)
        if ending.rstrip(".!").lower() not in " ".join([body, *extras]).lower():
            extras.append(ending)
    text = body
    for extra in extras:
        if _words(text) + _words(extra) <= _MAX_WORDS:
            text = f"{text} {extra}"
    return text


def _roughen(rng: random.Random, text: str, care: float = 1.0) -> str:
    """Add the slips real people make when typing into a survey box; ``care`` < 1 means fewer."""
    if rng.random() < 0.12 * care:
        text = re.sub(r"\b(\w+)'(t|s|m|ve|re|ll|d)\b", r"\1\2", text)
    if rng.random() < 0.12 * care:
        present = [w for w in _TYPOS if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
        if present:
            word = rng.choice(present)
            text = re.sub(
                rf"\b{word}\b",
                lambda m: _TYPOS[word].capitalize() if m.group(0)[0].isupper() else _TYPOS[word],
                text,
                count=1,
                flags=re.IGNORECASE,
            )
    if rng.random() < 0.09 * care and text[:1].isupper() and _decap(text) != text:
        text = text[0].lower() + text[1:]
    if rng.random() < 0.03 * care:
        text = text.replace(" I ", " i ")
    if rng.random() < 0.05 * care and " and " in text:
        text = text.replace(" and ", " & ", 1)
    if rng.random() < 0.05 * care:
        spaces = [m.start() for m in re.finditer(" ", text)]
        if spaces:
            at = rng.choice(spaces)
            text = text[:at] + " " + text[at:]
    if rng.random() < 0.16 * care and text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text


def _pii_sentence(rng: random.Random, templates: Sequence[str], slots: _Slots) -> str:
    return _fill(rng.choice(templates), slots)


# Shares of non-blank answers that are no-content, moderation-worthy or carry personal data.
_P_NO_CONTENT = 0.06
_P_MODERATION = 0.01
_P_PII = 0.065


def staff_comment(
    rng: random.Random, *, question_key: str, wave: int, n_waves: int, service_area: str
) -> str | None:
    """One staff pulse free-text answer, or None when the box is left blank.

    ``question_key`` is ``working_well`` or ``one_change``; ``wave`` is 1-based (a wave past
    ``n_waves`` is treated as the last); ``service_area`` is the respondent's area by name.
    """
    if question_key not in STAFF_QUESTIONS:
        raise ValueError(f"unknown staff question_key {question_key!r}; expected one of {STAFF_QUESTIONS}")
    ctx = _context(wave, n_waves, _area_key(service_area))
    # "What is working well?" is skipped more often than the change question; fatigue creeps in.
    blank = (0.46 if question_key == "working_well" else 0.38) + 0.03 * ctx.p
    if rng.random() < blank:
        return None
    roll = rng.random()
    if roll < _P_NO_CONTENT:
        return rng.choice(_NO_CONTENT)
    if roll < _P_NO_CONTENT + _P_MODERATION:
        return _roughen(rng, rng.choice(_MODERATION_STAFF), care=0.5)

    slots = _Slots(rng)
    theme = _weighted(rng, _staff_theme_weights(question_key, ctx))
    stance = _weighted(rng, _staff_stance(theme, question_key, ctx))
    pool = _pool_for(theme, ctx)
    text: str | None = None

    mode = rng.random()
    if mode < 0.09:
        shorts = _lookup(pool, f"short_{stance}", ctx)
        if shorts:
            text = rng.choice(shorts)
    elif mode < 0.27:
        wholes = _lookup(pool, f"whole_{stance}", ctx)
        if wholes:
            text = _fill(rng.choice(wholes), slots)
    if text is None:
        others = [t for t in THEMES if t in _STAFF and t != theme]
        second_theme = rng.choice(others)
        second_stance = "pos" if stance == "pos" else rng.choice(("neg", "ask"))
        openers = _OPENERS[stance]
        if question_key == "working_well" and stance == "neg" and rng.random() < 0.6:
            openers = _WW_NEG_OPENERS
        text = _compose(
            rng,
            pool,
            stance,
            ctx,
            slots,
            openers=openers,
            endings=_ENDINGS[stance],
            second=(_STAFF[second_theme], second_stance),
        )
        if text is None:  # this topic has nothing to say in this stance and wave: fall back
            fallback = _STAFF["office_environment_wellbeing" if stance == "pos" else "caseload_workload"]
            text = _compose(rng, fallback, stance, ctx, slots, openers=openers, endings=_ENDINGS[stance])
    assert text is not None  # the fallback pools have every stance

    if rng.random() < _P_PII:
        extra = _pii_sentence(rng, _PII_STAFF[stance], slots)
        # Requests ("ring me on ...") only make sense at the end; praise or a complaint can lead.
        text = f"{extra} {text}" if stance != "ask" and rng.random() < 0.3 else f"{text} {extra}"
    return _roughen(rng, text)


def partner_comment(rng: random.Random, *, wave: int, n_waves: int, setting: str) -> str | None:
    """One partnership-survey answer ("What should the council do differently?"), or None if blank.

    ``setting`` is one of ``PARTNER_SETTINGS``; schools share some concerns, health and police have
    their own.
    """
    if setting not in _PARTNER_SETTING:
        raise ValueError(f"unknown partner setting {setting!r}; expected one of {PARTNER_SETTINGS}")
    ctx = _context(wave, n_waves)
    if rng.random() < 0.40:
        return None
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(_NO_CONTENT)
    if roll < 0.05 + _P_MODERATION:
        return rng.choice(_MODERATION_PARTNER)

    slots = _Slots(rng)
    own = _PARTNER_SETTING[setting]
    is_school = setting in ("primary", "secondary", "special", "alternative_provision")
    group = "school" if is_school else setting
    # Partners are mostly critical; a little warmer by the later waves.
    stance = _weighted(rng, {"neg": _lerp(0.58, 0.45, ctx.p), "ask": 0.22, "pos": _lerp(0.20, 0.33, ctx.p)})
    if own.get("whole") and rng.random() < 0.10:
        text = rng.choice(own["whole"])
    else:
        banks: dict[str, float] = {"own": 0.55, "common": 0.45}
        if is_school:
            banks = {"own": 0.40, "school": 0.35, "common": 0.25}
        bank = {"own": own, "school": _SCHOOL_SHARED, "common": _PARTNER_COMMON}[_weighted(rng, banks)]
        if not _lookup(bank, stance, ctx):
            bank = _PARTNER_COMMON
        composed = _compose(
            rng,
            bank,
            stance,
            ctx,
            slots,
            openers=_PARTNER_OPENERS["ask" if stance == "ask" else group],
            endings=_PARTNER_ENDINGS["school" if is_school else "partner"],
        )
        assert composed is not None  # the common bank has every stance
        text = composed
    if rng.random() < _P_PII:
        text = f"{text} {_pii_sentence(rng, _PII_PARTNER, slots)}"
    # Headteachers and partner leads write more carefully than staff dashing off a pulse answer.
    return _roughen(rng, text, care=0.5)


# --------------------------------------------------------------------------------------------------
# Topic guess
# --------------------------------------------------------------------------------------------------

_TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "caseload_workload": (
        r"caseloads?",
        r"cases",
        r"workload",
        r"unallocated",
        r"paperwork",
        r"admin",
        r"timescales?",
        r"too much work",
        r"visits",
        r"trackers?",
        r"priorit\w*",
        r"forms",
        r"duty",
    ),
    "supervision_management_support": (
        r"supervision",
        r"\bTMs?\b",
        r"\bPMs?\b",
        r"managers?",
        r"acting up",
        r"interim",
        r"oversight",
    ),
    "senior_leadership_visibility": (
        r"\bDCS\b",
        r"director",
        r"\bADs?\b",
        r"heads? of service",
        r"senior",
        r"leaders?",
        r"leadership",
        r"big conversation",
        r"drop-ins?",
        r"decisions",
    ),
    "communication": (
        r"communicat\w*",
        r"emails?",
        r"updates?",
        r"rumour",
        r"you said",
        r"briefings?",
        r"intranet",
        r"reference group",
        r"survey",
        r"told us",
        r"procedures?",
        r"nobody tells",
    ),
    "practice_model_clarity": (r"practice model", r"signs of safety", r"systemic", r"pods?", r"model"),
    "it_systems_case_recording": (
        r"atlas",
        r"carefile",
        r"laptops?",
        r"\bIT\b",
        r"helpdesk",
        r"log ?in",
        r"system",
        r"\bVPN\b",
        r"printer",
        r"recording",
        r"case notes",
    ),
    "training_development": (
        r"training",
        r"\bASYEs?\b",
        r"\bCPD\b",
        r"course",
        r"career",
        r"practice educator",
    ),
    "recruitment_retention_agency": (
        r"agency",
        r"recruit\w*",
        r"vacanc\w*",
        r"\bpay\b",
        r"leaving",
        r"new starters",
        r"permanent",
        r"retention",
        r"exit interviews",
        r"supplement",
        r"social workers this year",
    ),
    "early_help_joint_working": (
        r"early help",
        r"\bEH\b",
        r"step-down",
        r"\bMASH\b",
        r"front door",
        r"thresholds?",
        r"police",
        r"\bFGCs?\b",
        r"strategy",
        r"hubs?",
        r"family group conference",
        r"family support workers?",
        r"transfers?",
    ),
    "schools_partnership": (
        r"schools?",
        r"pupils?",
        r"headteachers?",
        r"\bEHCPs?\b",
        r"\bSEND\b",
        r"exclusions?",
        r"\bAP\b",
        r"\bDSL\b",
    ),
    "health_camhs_access": (r"\bCAMHS\b", r"health", r"\bGP\b", r"\bND\b", r"A&E", r"nurse", r"\bICB\b"),
    "office_environment_wellbeing": (
        r"desks?",
        r"office",
        r"parking",
        r"colleagues",
        r"team\b",
        r"morale",
        r"stress",
        r"wellbeing",
        r"tired",
        r"exhausted",
        r"decompress",
        r"heating",
        r"start times",
        r"quiet room",
        r"the people",
    ),
}
# Acronym patterns are matched case-sensitively so "it" and "pay" as ordinary words don't count as IT.
_TOPIC_RES: dict[str, list[re.Pattern[str]]] = {
    theme: [
        re.compile(w) if re.search(r"[A-Z]{2}", w) else re.compile(rf"\b{w}", re.IGNORECASE) for w in words
    ]
    for theme, words in _TOPIC_WORDS.items()
}


def comment_topic(text: str) -> str | None:
    """Best-guess topic key for a comment by keyword counts, or None when nothing matches.

    A rough helper for the demo only; the analysis package does the real theming.
    """
    best, best_score = None, 0
    for theme in THEMES:
        score = sum(len(rx.findall(text)) for rx in _TOPIC_RES[theme])
        if score > best_score:
            best, best_score = theme, score
    return best


def _hand_written_fragments() -> list[str]:
    """Every hand-written fragment and whole comment (for tests and for counting)."""
    out: list[str] = []
    pools = (*_STAFF.values(), *_AREA.values(), _PARTNER_COMMON, _SCHOOL_SHARED, *_PARTNER_SETTING.values())
    for pool in pools:
        for fragments in pool.values():
            out.extend(fragments)
    for group in (_OPENERS, _ENDINGS, _PARTNER_OPENERS, _PII_STAFF):
        for fragments in group.values():
            out.extend(fragments)
    out.extend(_WW_NEG_OPENERS + _CONNECTORS + _NO_CONTENT + _MODERATION_STAFF + _MODERATION_PARTNER)
    out.extend(_PII_PARTNER + _PARTNER_ENDINGS["school"] + _PARTNER_ENDINGS["partner"])
    return out
