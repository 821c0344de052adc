from coffeechat.coach.engine import check, has_problem
from coffeechat.core.placeholders import PlaceholderError
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.builtin_templates import BUILTIN_TEMPLATES
from coffeechat.outreach.drafts import create_follow_up_draft, create_request_draft
from coffeechat.outreach.models import DraftKind, RequestTemplate
from coffeechat.outreach.rendering import PLACEHOLDERS, phrase, values_for
from coffeechat.outreach.views import check_context
from coffeechat.pipeline.models import Stage


class RenderTemplateTests(BaseTestCase):
    def test_it_fills_placeholders(self):
        text = PLACEHOLDERS.fill_message(
            "Hi {first_name}, {minutes} minutes?", {"first_name": "Ana", "minutes": "20"}
        )
        self.assertEqual(text, "Hi Ana, 20 minutes?\n")

    def test_it_names_an_unknown_placeholder(self):
        with self.assertRaises(PlaceholderError) as caught:
            PLACEHOLDERS.fill_message("Hi {frist_name}", {"first_name": "Ana"})
        self.assertIn("{frist_name}", str(caught.exception))
        self.assertIn("Available: {first_name}, {my_name}", str(caught.exception))

    def test_it_reports_unbalanced_braces_instead_of_crashing(self):
        with self.assertRaises(PlaceholderError):
            PLACEHOLDERS.check("Hi {first_name")
        with self.assertRaises(PlaceholderError):
            PLACEHOLDERS.check("Hi {first_name.upper}")

    def test_it_drops_a_line_whose_placeholders_are_all_empty(self):
        text = PLACEHOLDERS.fill_message(
            "Hi {first_name},\n\nI read: {research_point}\n\nBye",
            {"first_name": "A", "research_point": ""},
        )
        self.assertEqual(text, "Hi A,\n\nBye\n")
        self.assertNotIn("{", text)

    def test_it_reads_a_slot_answer_as_a_phrase_inside_a_sentence(self):
        self.assertEqual(phrase("  Your talk on diary studies.  "), "your talk on diary studies")
        self.assertEqual(phrase("Leeds Climate Week!"), "Leeds Climate Week")
        self.assertEqual(phrase(""), "")


class DraftTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.alice.profile.full_name = "Alice Martin"
        self.alice.profile.introduction = "I'm a final-year design student."
        self.alice.profile.save()
        org = factories.organisation(self.alice, "Shopify")
        self.sam = factories.contact(self.alice, "Sam Reed")
        self.priya = factories.contact(
            self.alice,
            "Priya Shah",
            org=org,
            role="UX researcher",
            referred_by=self.sam,
            research_notes="- Wrote a talk on diary studies with merchants. It was good.",
            emails=["priya@example.org"],
        )
        self.conversation = factories.conversation(self.alice, self.priya)

    def test_it_prefills_values_from_profile_contact_and_conversation(self):
        self.conversation.meeting_minutes = 45
        values = values_for(self.conversation)
        self.assertEqual(values["first_name"], "Priya")
        self.assertEqual(values["my_name"], "Alice Martin")
        self.assertEqual(values["referrer"], "Sam Reed")
        self.assertEqual(values["organisation"], "Shopify")
        self.assertEqual(values["minutes"], "30")  # clamped to 15–30
        # Research notes are material shown beside the draft, never a value spliced in.
        self.assertNotIn("diary", " ".join(values.values()))
        answered = values_for(self.conversation, {"caught_eye": "Your talk on diary studies."})
        self.assertEqual(answered["caught_eye"], "your talk on diary studies")
        self.assertIn("2–4 weeks", values["window"])

    def test_it_creates_a_referral_draft_and_moves_the_stage(self):
        draft = create_request_draft(self.conversation)
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.REQUEST_DRAFTED)
        self.assertEqual(draft.builtin, "referral")
        self.assertEqual(draft.subject, "Sam Reed suggested I get in touch")
        # The research notes (and the organisation's) stay out; no "caught my eye: …" splice.
        self.assertEqual(
            draft.body,
            "Hi Priya,\n\n"
            "Sam Reed suggested I contact you. I'm a final-year design student.\n\n"
            "Would you have 20 minutes for a call or a coffee in the next 2–4 weeks? "
            "I'd love to hear how you see your field.\n\n"
            "If now is a busy time, no need to reply; I completely understand.\n\n"
            "Thank you,\nAlice Martin\n",
        )

    def test_the_referral_draft_never_quotes_the_organisations_notes(self):
        self.priya.organisation.research_notes = (
            "Advises companies on decarbonisation; graduate scheme opens in January."
        )
        self.priya.organisation.save()
        self.priya.research_notes = ""
        self.priya.save()
        draft = create_request_draft(self.conversation, "email", "referral")
        self.assertNotIn("decarbonisation", draft.body)
        self.assertNotIn("caught my eye", draft.body)
        findings = check("request", draft.body, check_context(self.conversation, "email"))
        self.assertEqual(findings, [])

    def test_a_filled_slot_has_its_sentence_and_an_empty_one_leaves_it_out(self):
        answers = {"caught_eye": "Your talk on diary studies.", "learn": "how you plan a study"}
        draft = create_request_draft(self.conversation, "email", "referral", answers)
        self.assertIn("\n\nI was struck by your talk on diary studies.\n\n", draft.body)
        self.assertIn("I'd love to hear how you plan a study.", draft.body)
        self.assertEqual(draft.slots, answers)
        self.assertNotIn("struck", create_request_draft(self.conversation, "email").body)

    def test_the_voicemail_has_no_blanks_and_says_the_number_twice(self):
        self.alice.email = ""
        self.alice.save()
        draft = create_request_draft(self.conversation, "voicemail", "referral")
        self.assertEqual(
            draft.body,
            "Hello Priya, this is Alice Martin.\n"
            "Sam Reed suggested I give you a call.\n"
            "I'd love 20 minutes of your time in the next 2–4 weeks to learn about your work at "
            "Shopify.\n"
            "If I miss you, I'll try again later this week.\n",
        )
        self.alice.email = "alice@example.org"
        self.alice.save()
        self.alice.profile.phone = "07700 900123"
        self.alice.profile.save()
        draft = create_request_draft(self.conversation, "voicemail", "referral")
        self.assertEqual(
            draft.body,
            "Hello Priya, this is Alice Martin.\n"
            "Sam Reed suggested I give you a call.\n"
            "I'd love 20 minutes of your time in the next 2–4 weeks to learn about your work at "
            "Shopify.\n"
            "You can reach me on 07700 900123 or by e-mail at alice@example.org.\n"
            "Again, this is Alice Martin, on 07700 900123.\n"
            "Could you call me back when it suits you?\n"
            "If I miss you, I'll try again later this week.\n",
        )
        findings = check("request", draft.body, check_context(self.conversation, "voicemail"))
        self.assertEqual(findings, [])

    def test_the_signature_ends_an_email(self):
        self.alice.profile.signature = "Alice Martin\nMSc Design, Leeds"
        self.alice.profile.save()
        draft = create_request_draft(self.conversation, "email", "referral")
        self.assertTrue(draft.body.endswith("Thank you,\nAlice Martin\nMSc Design, Leeds\n"))

    def test_it_never_moves_a_later_stage_back(self):
        conversation = factories.conversation(self.alice, self.priya, stage=Stage.SCHEDULED)
        create_request_draft(conversation)
        conversation.refresh_from_db()
        self.assertEqual(conversation.stage, Stage.SCHEDULED)

    def test_every_builtin_passes_the_checker_without_problems(self):
        for key in BUILTIN_TEMPLATES:
            for channel in ("email", "linkedin-note", "linkedin-message", "phone", "voicemail"):
                with self.subTest(key=key, channel=channel):
                    draft = create_request_draft(self.conversation, channel, key)
                    self.assertNotIn("{", draft.body)
                    findings = check(
                        "request", draft.body, check_context(self.conversation, channel)
                    )
                    self.assertFalse(has_problem(findings), [f.rule for f in findings])

    def test_the_referral_email_has_no_findings_at_all(self):
        draft = create_request_draft(self.conversation, "email", "referral")
        self.assertEqual(
            check("request", draft.body, check_context(self.conversation, "email")), []
        )

    def test_linkedin_notes_fit_in_300_characters(self):
        for key in BUILTIN_TEMPLATES:
            draft = create_request_draft(self.conversation, "linkedin-note", key)
            self.assertLessEqual(len(draft.body), 300)
            self.assertEqual(draft.subject, "")

    def test_it_picks_a_template_by_relationship(self):
        for relationship, key in [
            ("friend", "known"),
            ("alumni", "alumni"),
            ("speaker", "event"),
            ("cold", "cold"),
        ]:
            person = factories.contact(
                self.alice, f"Person {relationship}", relationship=relationship
            )
            draft = create_request_draft(factories.conversation(self.alice, person))
            self.assertEqual(draft.builtin, key)

    def test_it_uses_a_users_own_template(self):
        mine = RequestTemplate.objects.create(
            user=self.alice,
            name="Short",
            subject="Hello {first_name}",
            body="{referrer} sent me. {minutes} min?",
        )
        draft = create_request_draft(self.conversation, "email", mine)
        self.assertEqual(
            (draft.subject, draft.body), ("Hello Priya", "Sam Reed sent me. 20 min?\n")
        )
        self.assertEqual(draft.template, mine)

    def test_a_users_template_with_an_unknown_placeholder_raises_and_saves_nothing(self):
        broken = RequestTemplate.objects.create(
            user=self.alice, name="Broken", body="Hi {nickname}"
        )
        with self.assertRaises(PlaceholderError):
            create_request_draft(self.conversation, "email", broken)
        self.assertFalse(self.conversation.request_drafts.exists())

    def test_it_drafts_a_follow_up_replying_to_the_request(self):
        request = create_request_draft(self.conversation)
        request.sent_at = request.created
        request.save()
        follow_up = create_follow_up_draft(self.conversation)
        self.assertEqual(follow_up.kind, DraftKind.FOLLOW_UP)
        self.assertEqual(follow_up.subject, "Re: Sam Reed suggested I get in touch")
        self.assertIn("Hi Priya", follow_up.body)
        self.assertIn("at Sam Reed's suggestion", follow_up.body)
        self.assertNotIn("{", follow_up.body)
        findings = check("request", follow_up.body, check_context(self.conversation, "email"))
        self.assertEqual([f.rule for f in findings if f.severity != "tip"], [])

    def test_a_follow_up_without_a_referrer_drops_that_line(self):
        self.priya.referred_by = None
        self.priya.save()
        follow_up = create_follow_up_draft(self.conversation)
        self.assertNotIn("suggestion", follow_up.body)
        self.assertIn("bringing my note back to the top", follow_up.body)
