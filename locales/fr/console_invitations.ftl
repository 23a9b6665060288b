# Les invitations d’un événement dans la console : le tableau, le formulaire avec son aperçu, la relance.
console-invitations-link = Invitations
console-invitations-of = Invitations : { $event }
console-invitations-caption = Invitations dans l’ordre de leur envoi
console-invitations-none = Aucune invitation avec ce statut.
console-invitation-sent = envoyée, pas encore de réponse
console-invitation-registered = inscrit
console-invitation-declined = déclinée
console-invitation-failed = non distribuable
console-invitation-language = Langue des courriels
console-invitation-source = Invité comme
console-invitation-source-subscriber = abonné à la lettre d’information
console-invitation-source-invitee = invité nommément
console-invitation-invited = Invité le
console-invitation-followed-up = Relance envoyée
console-invitations-sent = { $count ->
    [0] Personne de nouveau n’est invité
    [one] Une personne est invitée
   *[other] { $count } personnes sont invitées
} ; { $skipped ->
    [0] personne n’a été écarté.
    [one] une adresse a été écartée.
   *[other] { $skipped } adresses ont été écartées.
} Les abonnés à la lettre d’information reçoivent leur courriel en arrière-plan.
console-invite-link = Inviter des personnes
console-back-to-invitations = Retour aux invitations
console-follow-up-link = { $count ->
    [one] Envoyer la relance à la personne invitée qui n’a pas répondu
   *[other] Envoyer la relance aux { $count } personnes invitées qui n’ont pas répondu
}
console-follow-up-title = Relance : { $event }
console-follow-up-explains = { $count ->
    [0] Personne n’attend de relance : toutes les personnes invitées ont répondu ou en ont déjà reçu une.
    [one] Une personne invitée qui ne s’est ni inscrite ni désistée reçoit l’unique rappel que les inscriptions ferment bientôt. Personne ne le reçoit deux fois.
   *[other] { $count } personnes invitées qui ne se sont ni inscrites ni désistées reçoivent l’unique rappel que les inscriptions ferment bientôt. Personne ne le reçoit deux fois.
}
console-follow-up-button = Envoyer la relance
console-follow-up-sent = { $count ->
    [0] Personne n’attendait la relance.
    [one] La relance est en route vers une personne invitée.
   *[other] La relance est en route vers { $count } personnes invitées.
}

## Le formulaire
console-invite-title = Inviter à { $event }
console-invite-intro = Invitez des abonnés à la lettre d’information, des personnes d’une liste, ou les deux. Chacun reçoit un lien personnel pour s’inscrire et un pour décliner. Avant tout envoi, vous voyez qui sera invité et qui sera écarté.
console-invite-subscribers = Inviter les abonnés à la lettre d’information
console-invite-subscribers-hint = Seuls les abonnés ayant confirmé leur abonnement sont invités.
console-invite-topics = Abonnés intéressés par
console-invite-topics-hint = Rien de coché : les abonnés de tous les thèmes. Les abonnés sans thème choisi sont toujours inclus.
console-invite-languages = Abonnés lisant en
console-invite-languages-hint = Rien de coché : les abonnés de toutes les langues.
console-invite-list = Personnes invitées nommément (CSV)
console-invite-list-hint = Collez une liste avec la ligne d’en-tête name,email,organisation,organisation_type,country,language — seul email est obligatoire ; jusqu’à 60 000 caractères (listes plus longues via l’API).
console-invite-preview-button = Aperçu
console-invite-preview-heading = Qui sera invité
console-invite-subscribers-count = { $count ->
    [0] Aucun abonné à la lettre d’information ne sera invité
    [one] Un abonné à la lettre d’information sera invité
   *[other] { $count } abonnés à la lettre d’information seront invités
}{ $skipped ->
    [0] .
    [one] ; un est écarté, déjà invité ou inscrit.
   *[other] ; { $skipped } sont écartés, déjà invités ou inscrits.
}
console-invite-named-caption = { $count ->
    [one] Une personne de la liste sera invitée
   *[other] { $count } personnes de la liste seront invitées
}
console-invite-skipped-caption = { $count ->
    [one] Une adresse de la liste est écartée
   *[other] { $count } adresses de la liste sont écartées
}
console-invite-reason = Motif
console-invite-skipped-duplicate = deux fois dans la liste
console-invite-skipped-registered = déjà inscrit
console-invite-skipped-invited = déjà invité
console-invite-nobody-new = Personne de nouveau ne serait invité.
console-invite-send-button = { $count ->
    [one] Envoyer une invitation
   *[other] Envoyer { $count } invitations
}
console-invite-changed = Le formulaire a changé après l’aperçu. Vérifiez qui sera invité et envoyez à nouveau.
console-invite-error-line = Ligne { $line } : { $problem }
console-invite-error-nobody = Cochez « Inviter les abonnés à la lettre d’information », collez une liste, ou les deux.
console-invite-error-empty = La liste ne nomme personne : ajoutez des lignes sous l’en-tête.
console-invite-error-too-many = La liste nomme plus de 5 000 personnes ; envoyez-la en plusieurs fois.
console-invite-error-header = L’en-tête nomme une colonne qui n’est pas name, email, organisation, organisation_type, country ou language.
console-invite-error-unreadable = La liste ne peut pas être lue comme CSV : vérifiez les virgules et les guillemets.

## Abonnés invités en arrière-plan
console-inviting-label = Abonnés à la lettre d’information invités
console-inviting-status = Invitation des abonnés en cours
console-inviting-counts = { $done } sur { $total } invités jusqu’ici
console-inviting-done = Terminé
console-inviting-done-text = tous les abonnés choisis sont invités.
console-inviting-refresh = Actualiser la progression
