from __future__ import annotations

from django.urls import path

from annotator.people import views

urlpatterns = [
    path("", views.people_list, name="people"),
    path("<int:user_id>/role", views.person_role, name="person-role"),
    path("<int:user_id>/active", views.person_active, name="person-active"),
    path("<int:user_id>/sign-in", views.person_sign_in, name="person-sign-in"),
]
