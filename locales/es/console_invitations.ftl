# Las invitaciones de un evento en la consola: la tabla, el formulario con su vista previa, el recordatorio.
console-invitations-link = Invitaciones
console-invitations-of = Invitaciones: { $event }
console-invitations-caption = Invitaciones en el orden en que se enviaron
console-invitations-none = No hay invitaciones con este estado.
console-invitation-sent = enviada, sin respuesta aún
console-invitation-registered = inscrito
console-invitation-declined = rechazada
console-invitation-failed = no se pudo entregar
console-invitation-language = Idioma de los correos
console-invitation-source = Invitado como
console-invitation-source-subscriber = suscriptor del boletín
console-invitation-source-invitee = invitado por nombre
console-invitation-invited = Invitado
console-invitation-followed-up = Recordatorio enviado
console-invitations-sent = { $count ->
    [0] No se invita a nadie nuevo
    [one] Se invita a una persona
   *[other] Se invita a { $count } personas
}; { $skipped ->
    [0] no se omitió a nadie.
    [one] se omitió una dirección.
   *[other] se omitieron { $skipped } direcciones.
} Los suscriptores del boletín reciben su correo en segundo plano.
console-invite-link = Invitar a personas
console-back-to-invitations = Volver a las invitaciones
console-follow-up-link = { $count ->
    [one] Enviar el recordatorio a la persona invitada que no ha respondido
   *[other] Enviar el recordatorio a las { $count } personas invitadas que no han respondido
}
console-follow-up-title = Recordatorio: { $event }
console-follow-up-explains = { $count ->
    [0] Nadie espera un recordatorio: todas las personas invitadas han respondido o ya recibieron uno.
    [one] Una persona invitada que no se ha inscrito ni ha rechazado recibe el único recordatorio de que la inscripción cierra pronto. Nadie lo recibe dos veces.
   *[other] { $count } personas invitadas que no se han inscrito ni han rechazado reciben el único recordatorio de que la inscripción cierra pronto. Nadie lo recibe dos veces.
}
console-follow-up-button = Enviar el recordatorio
console-follow-up-sent = { $count ->
    [0] Nadie esperaba el recordatorio.
    [one] El recordatorio va camino de una persona invitada.
   *[other] El recordatorio va camino de { $count } personas invitadas.
}

## El formulario
console-invite-title = Invitar a { $event }
console-invite-intro = Invite a suscriptores del boletín, a personas de una lista o a ambos. Cada persona recibe un enlace personal para inscribirse y otro para rechazar. Antes de enviar nada, verá a quién se invita y a quién se omite.
console-invite-subscribers = Invitar a suscriptores del boletín
console-invite-subscribers-hint = Solo se invita a quienes confirmaron su suscripción.
console-invite-topics = Suscriptores interesados en
console-invite-topics-hint = Sin marcar: suscriptores de todos los temas. Quienes no eligieron ningún tema se incluyen siempre.
console-invite-languages = Suscriptores que leen en
console-invite-languages-hint = Sin marcar: suscriptores de todos los idiomas.
console-invite-list = Personas invitadas por nombre (CSV)
console-invite-list-hint = Pegue una lista con la línea de cabecera name,email,organisation,organisation_type,country,language — solo email es obligatorio; hasta 60 000 caracteres (listas mayores a través de la API).
console-invite-preview-button = Vista previa
console-invite-preview-heading = A quién se invitará
console-invite-subscribers-count = { $count ->
    [0] No se invitará a ningún suscriptor del boletín
    [one] Se invitará a un suscriptor del boletín
   *[other] Se invitará a { $count } suscriptores del boletín
}{ $skipped ->
    [0] .
    [one] ; se omite uno, ya invitado o inscrito.
   *[other] ; se omiten { $skipped }, ya invitados o inscritos.
}
console-invite-named-caption = { $count ->
    [one] Se invitará a una persona de la lista
   *[other] Se invitará a { $count } personas de la lista
}
console-invite-skipped-caption = { $count ->
    [one] Se omite una dirección de la lista
   *[other] Se omiten { $count } direcciones de la lista
}
console-invite-reason = Motivo
console-invite-skipped-duplicate = aparece dos veces en la lista
console-invite-skipped-registered = ya inscrito
console-invite-skipped-invited = ya invitado
console-invite-nobody-new = No se invitaría a nadie nuevo.
console-invite-send-button = { $count ->
    [one] Enviar una invitación
   *[other] Enviar { $count } invitaciones
}
console-invite-changed = El formulario cambió después de la vista previa. Compruebe a quién se invita y vuelva a enviar.
console-invite-error-line = Línea { $line }: { $problem }
console-invite-error-nobody = Marque «Invitar a suscriptores del boletín», pegue una lista o ambas cosas.
console-invite-error-empty = La lista no nombra a nadie: añada líneas debajo de la cabecera.
console-invite-error-too-many = La lista nombra a más de 5000 personas; envíela por partes.
console-invite-error-header = La cabecera nombra una columna que no es name, email, organisation, organisation_type, country ni language.
console-invite-error-unreadable = La lista no se puede leer como CSV: revise las comas y las comillas.

## Suscriptores invitados en segundo plano
console-inviting-label = Suscriptores del boletín invitados
console-inviting-status = Invitando a suscriptores
console-inviting-counts = { $done } de { $total } invitados hasta ahora
console-inviting-done = Hecho
console-inviting-done-text = todos los suscriptores elegidos están invitados.
console-inviting-refresh = Actualizar el progreso
