from __future__ import annotations

from functools import partial

import pytest
from django.db import connection
from django.urls import reverse

from annotator.models import Label, Review
from annotator.review import queue, services
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article
from tests.queries import count_queries

HTMX = {"HTTP_HX_REQUEST": "true"}


def label_url(review: Review, sentence_id: int) -> str:
    return reverse("label-update", args=[review.pk, sentence_id])


@pytest.mark.django_db
def test_pages_need_a_login(client, review):
    for url in [reverse("home"), reverse("review", args=[review.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_home_lists_my_reviews_and_what_waits_in_my_queue(reviewer_client, campaign, reviewer):
    response = reviewer_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Spring audit" in response.text
    assert "<strong>1</strong> waiting in your queue" in response.text

    reviewer_client.post(reverse("review-next"))
    response = reviewer_client.get(reverse("home"))
    assert "A test article" in response.text
    assert "in progress</span>" in response.text
    assert "<strong>0</strong> waiting in your queue" in response.text


@pytest.mark.django_db
def test_home_does_not_list_campaigns_i_am_not_in(reviewer_client, campaign):
    CampaignFactory.create(name="Someone else's campaign").articles.add(
        make_article(text="Z.", title="z")
    )
    assert "Someone else" not in reviewer_client.get(reverse("home")).text


@pytest.mark.django_db
def test_opening_an_article_starts_my_review_once(reviewer_client, campaign, article, reviewer):
    url = reverse("review-start", args=[campaign.pk, article.pk])
    first = reviewer_client.post(url)
    second = reviewer_client.post(url)
    review = Review.objects.get(reviewer=reviewer)
    assert first["Location"] == second["Location"] == reverse("review", args=[review.pk])


@pytest.mark.django_db
def test_opening_an_article_that_has_its_reviews_says_so(reviewer_client, campaign, article):
    queue.review_take(campaign=campaign, article=article, reviewer=UserFactory.create())
    response = reviewer_client.post(
        reverse("review-start", args=[campaign.pk, article.pk]), follow=True
    )
    assert "already has the 1 review(s) this campaign asks for" in response.text
    assert not Review.objects.filter(reviewer__username="rita").exists()


@pytest.mark.django_db
def test_cannot_start_a_review_in_a_campaign_i_am_not_in(reviewer_client, article):
    other = CampaignFactory.create()
    other.articles.add(article)
    response = reviewer_client.post(reverse("review-start", args=[other.pk, article.pk]))
    assert response.status_code == 404
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_review_page_shows_every_sentence_and_my_labels(reviewer_client, review):
    sentence = review.article.sentences.order_by("position").first()
    Label.objects.create(review=review, sentence=sentence, value="opinion")

    response = reviewer_client.get(reverse("review", args=[review.pk]))

    assert response.status_code == 200
    for text in review.article.sentences.values_list("text", flat=True):
        assert text in response.text
    assert 'class="badge">Opinion<' in response.text
    assert "<strong>1</strong> of 5 tagged" in response.text


@pytest.mark.django_db
def test_review_page_escapes_hostile_article_text(reviewer_client, campaign, reviewer):
    article = make_article(
        title="<script>alert('t')</script>",
        text='He wrote <script>alert(1)</script> and <img src=x onerror="alert(2)">.',
    )
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)

    html = reviewer_client.get(reverse("review", args=[review.pk])).text

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(reviewer_client, review):
    response = reviewer_client.get(reverse("review", args=[review.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text  # no inline script at all


@pytest.mark.django_db
def test_reviewer_cannot_open_another_reviewers_review(client, review, other_reviewer):
    client.login(username=other_reviewer.username, password=PASSWORD)
    sentence = review.article.sentences.first()

    assert client.get(reverse("review", args=[review.pk])).status_code == 404
    assert client.post(label_url(review, sentence.pk), {"value": "sourced"}).status_code == 404
    assert client.post(reverse("review-submit", args=[review.pk])).status_code == 404
    assert not Label.objects.exists()
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS


@pytest.mark.django_db
def test_reviewer_cannot_open_the_django_admin(reviewer_client):
    response = reviewer_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert reviewer_client.get("/admin/annotator/label/").status_code == 302


@pytest.mark.django_db
def test_admin_lists_every_model(client):
    admin = UserFactory.create(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    make_article()
    for path in [
        "outlet",
        "article",
        "sentence",
        "importbatch",
    ]:
        assert client.get(f"/admin/articles/{path}/").status_code == 200
    for path in ["campaign", "review", "label", "labelevent", "goldlabel"]:
        assert client.get(f"/admin/annotator/{path}/?q=x").status_code == 200


@pytest.mark.django_db
def test_tag_request_swaps_only_that_sentence(reviewer_client, review):
    sentence = review.article.sentences.order_by("position")[1]

    response = reviewer_client.post(label_url(review, sentence.pk), {"value": "sourced"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#s-{sentence.pk}"
    assert response.text.count('id="s-') == 1
    assert f'id="s-{sentence.pk}"' in response.text
    assert 'class="badge">Sourced<' in response.text
    assert Label.objects.get(review=review, sentence=sentence).value == "sourced"


@pytest.mark.django_db
def test_tag_works_as_a_plain_form_without_javascript(reviewer_client, review):
    sentence = review.article.sentences.first()
    response = reviewer_client.post(label_url(review, sentence.pk), {"value": "unsourced"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review", args=[review.pk]) + f"#s-{sentence.pk}"
    assert Label.objects.get().value == "unsourced"


@pytest.mark.django_db
def test_clearing_a_tag_removes_the_label(reviewer_client, review):
    sentence = review.article.sentences.first()
    reviewer_client.post(label_url(review, sentence.pk), {"value": "opinion"}, **HTMX)
    response = reviewer_client.post(label_url(review, sentence.pk), {"value": ""}, **HTMX)
    assert 'class="badge"' not in response.text
    assert not Label.objects.exists()


@pytest.mark.django_db
def test_unknown_label_is_refused_with_the_choices(reviewer_client, review):
    sentence = review.article.sentences.first()
    response = reviewer_client.post(label_url(review, sentence.pk), {"value": "maybe"}, **HTMX)
    assert response.status_code == 400
    assert "sourced, unsourced, opinion, no_claim" in response.text


@pytest.mark.django_db
def test_tagging_in_a_closed_campaign_says_why(reviewer_client, review):
    review.campaign.is_open = False
    review.campaign.save()
    sentence = review.article.sentences.first()
    response = reviewer_client.post(label_url(review, sentence.pk), {"value": "opinion"}, **HTMX)
    assert response.status_code == 409
    assert "campaign is closed" in response.text


@pytest.mark.django_db
def test_submit_counts_untagged_as_no_claim_and_goes_home(reviewer_client, review):
    response = reviewer_client.post(reverse("review-submit", args=[review.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "5 untagged sentences were counted as no claim" in response.text
    assert "submitted" in response.text


@pytest.mark.django_db
def test_submit_opens_the_next_article_when_there_is_one(reviewer_client, review, campaign):
    second = make_article(text="Another story. It has two sentences.", title="Second story")
    campaign.articles.add(second)

    response = reviewer_client.post(reverse("review-submit", args=[review.pk]), follow=True)

    assert "Second story" in response.text
    assert Review.objects.get(article=second).reviewer == review.reviewer


@pytest.mark.django_db
def test_next_article_prefers_my_unfinished_review(reviewer_client, review, campaign):
    campaign.articles.add(make_article(text="Later story.", title="Later"))
    response = reviewer_client.post(reverse("review-next"))
    assert response["Location"] == reverse("review", args=[review.pk])


@pytest.mark.django_db
def test_next_article_when_everything_is_done_says_so(reviewer_client, review, reviewer):
    services.review_submit(review=review, actor=reviewer)
    response = reviewer_client.post(reverse("review-next"), follow=True)
    assert "You have reviewed every article" in response.text


@pytest.mark.django_db
def test_home_shows_progress_per_campaign(reviewer_client, review, reviewer):
    services.label_set(
        review=review, sentence=review.article.sentences.first(), value="opinion", actor=reviewer
    )
    text = reviewer_client.get(reverse("home")).text
    assert "<strong>0 of 1</strong> articles submitted" in text
    assert "<strong>1</strong> sentences tagged" in text
    assert "Open my next article" in text


@pytest.mark.django_db
def test_submitted_review_is_read_only_until_reopened(reviewer_client, review, reviewer):
    services.review_submit(review=review, actor=reviewer)
    sentence = review.article.sentences.first()
    refused = reviewer_client.post(label_url(review, sentence.pk), {"value": "sourced"}, **HTMX)
    assert refused.status_code == 409
    assert "Reopen it to change its labels" in refused.text
    assert (
        "Reopen to change labels" in reviewer_client.get(reverse("review", args=[review.pk])).text
    )

    reviewer_client.post(reverse("review-reopen", args=[review.pk]))

    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS and review.submitted_at is None
    ok = reviewer_client.post(label_url(review, sentence.pk), {"value": "sourced"}, **HTMX)
    assert ok.status_code == 200


@pytest.mark.django_db
def test_sentence_page_offers_a_source_suggestion(reviewer_client, campaign, reviewer):
    article = make_article(text="“We have the money,” said Dr. Priya Raman, the engineer.")
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    sentence = article.sentences.get()

    page = reviewer_client.get(reverse("sentence", args=[review.pk, sentence.pk]))

    assert page.status_code == 200
    assert 'value="Dr. Priya Raman"' in page.text
    assert 'value="sourced" checked' in page.text
    fragment = reviewer_client.get(reverse("sentence", args=[review.pk, sentence.pk]), **HTMX)
    assert fragment.text.lstrip().startswith("<form")


@pytest.mark.django_db
def test_source_and_note_are_saved_with_the_label(reviewer_client, review):
    sentence = review.article.sentences.first()
    response = reviewer_client.post(
        label_url(review, sentence.pk),
        {"value": "sourced", "source": "Dr. Marsh", "note": "check <b>this</b>"},
        **HTMX,
    )
    label = Label.objects.get()
    assert (label.value, label.source, label.note) == ("sourced", "Dr. Marsh", "check <b>this</b>")
    assert "Sourced: Dr. Marsh" in response.text
    assert "<b>this</b>" not in response.text


@pytest.mark.django_db
def test_undo_takes_back_my_changes_one_by_one(reviewer_client, review):
    first, second = review.article.sentences.order_by("position")[:2]
    reviewer_client.post(label_url(review, first.pk), {"value": "sourced"}, **HTMX)
    reviewer_client.post(label_url(review, second.pk), {"value": "opinion"}, **HTMX)

    undone = reviewer_client.post(reverse("label-undo", args=[review.pk]), **HTMX)
    assert undone["HX-Retarget"] == f"#s-{second.pk}"
    assert list(Label.objects.values_list("sentence", flat=True)) == [first.pk]

    reviewer_client.post(reverse("label-undo", args=[review.pk]), **HTMX)
    assert not Label.objects.exists()
    nothing = reviewer_client.post(reverse("label-undo", args=[review.pk]), **HTMX)
    assert nothing["HX-Reswap"] == "none" and nothing.text == "Nothing to undo."
    assert review.label_events.count() == 4


@pytest.mark.django_db
def test_undo_does_not_touch_another_reviewers_changes(client, review, other_reviewer, campaign):
    theirs = Review.objects.create(
        campaign=campaign, article=review.article, reviewer=other_reviewer
    )
    services.label_set(
        review=theirs, sentence=review.article.sentences.first(), value="opinion",
        actor=other_reviewer,
    )  # fmt: skip
    client.force_login(review.reviewer)
    client.post(reverse("label-undo", args=[review.pk]), **HTMX)
    assert Label.objects.get().review == theirs
    assert client.post(reverse("label-undo", args=[theirs.pk]), **HTMX).status_code == 404


def _review_of(sentences: int, campaign, reviewer) -> Review:
    article = make_article(sentences=sentences, title=f"{sentences} sentences")
    campaign.articles.add(article)
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    for sentence in article.sentences.all()[:3]:
        Label.objects.create(review=review, sentence=sentence, value="opinion")
    return review


@pytest.mark.django_db
def test_review_page_costs_the_same_queries_for_5_and_1000_sentences(
    reviewer_client, campaign, reviewer
):
    counts = []
    for n in (5, 1000):
        url = reverse("review", args=[_review_of(n, campaign, reviewer).pk])
        counts.append(count_queries(partial(reviewer_client.get, url)))
    assert counts[0] == counts[1] == 4  # user, review+article, sentences, labels


@pytest.mark.django_db
def test_tag_request_costs_the_same_queries_for_5_and_1000_sentences(
    reviewer_client, campaign, reviewer
):
    counts = []
    for n in (5, 1000):
        review = _review_of(n, campaign, reviewer)
        sentence = review.article.sentences.order_by("-position").first()
        post = partial(
            reviewer_client.post, label_url(review, sentence.pk), {"value": "sourced"}, **HTMX
        )
        counts.append(count_queries(post))
    # user, review, sentence, then the label: one statement on PostgreSQL; elsewhere lock,
    # write, history (in savepoints)
    assert counts[0] == counts[1] == (4 if connection.vendor == "postgresql" else 10)


@pytest.mark.django_db
def test_home_costs_the_same_queries_for_1_and_10_articles(reviewer_client, campaign, reviewer):
    first = count_queries(lambda: reviewer_client.get(reverse("home")))
    for n in range(9):
        campaign.articles.add(make_article(text=f"Story {n}.", title=f"Story {n}"))
    assert count_queries(lambda: reviewer_client.get(reverse("home"))) == first


@pytest.mark.django_db
def test_sentence_form_and_undo_cost_the_same_queries_for_5_and_1000_sentences(
    reviewer_client, campaign, reviewer
):
    counts = []
    for n in (5, 1000):
        review = _review_of(n, campaign, reviewer)
        sentence = review.article.sentences.order_by("-position").first()
        reviewer_client.post(label_url(review, sentence.pk), {"value": "sourced"}, **HTMX)
        form = partial(reviewer_client.get, reverse("sentence", args=[review.pk, sentence.pk]))
        fragment = partial(
            reviewer_client.get, reverse("sentence", args=[review.pk, sentence.pk]), **HTMX
        )
        undo = partial(reviewer_client.post, reverse("label-undo", args=[review.pk]), **HTMX)
        counts.append((count_queries(form), count_queries(fragment), count_queries(undo)))
    assert counts[0] == counts[1]
