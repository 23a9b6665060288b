# Las secciones de la consola: bandeja de salida, personas y registro de auditoría.
console-filter-button = Mostrar

## Bandeja de salida
console-outbox-title = Bandeja de salida
console-outbox-caption = Correos, los más recientes primero: { $status }
console-outbox-empty = No hay correos con este estado.
console-outbox-status = Estado
console-outbox-status-all = todos
console-outbox-status-pending = pendiente de envío
console-outbox-status-sent = enviado
console-outbox-status-failed = fallido
console-outbox-recipient = Destinatario
console-outbox-subject = Asunto
console-outbox-kind = Tipo
console-outbox-attempts = Intentos
console-outbox-last-error = Último error
console-outbox-queued = En cola desde
console-outbox-sent = Enviado
console-outbox-action = Acción
console-outbox-retry = Reintentar
console-outbox-retry-to = el correo a { $recipient }
console-outbox-retried = El correo vuelve a estar en cola y se enviará en breve.

## Personas
console-people-title = Personas
console-people-email-hint = Se muestra todo lo que se guarda sobre esta dirección: suscripciones, inscripciones, invitaciones y correos.
console-people-lookup-button = Buscar
console-people-found = Datos guardados sobre { $email }
console-people-nothing = No se guarda nada sobre esta dirección.
console-people-subscriptions = Suscripciones al boletín
console-people-registrations = Inscripciones
console-people-invitations = Invitaciones
console-people-mails = Correos
console-people-state = Estado
console-people-topics = Temas
console-people-language = Idioma
console-people-since = Desde
console-people-consents = Registros de consentimiento
console-people-event = Evento
console-people-organisation = Organización
console-people-invited = Invitación
console-people-declined = Rechazada
console-people-subscription-unconfirmed = sin confirmar
console-people-subscription-confirmed = confirmada
console-people-subscription-unsubscribed = dada de baja
console-people-download = Descargar la exportación (JSON)
console-people-erase-link = Borrar todo lo que se guarda sobre esta dirección
console-people-erase-title = Borrar los datos de una persona
console-people-erase-intro = Se borrará todo lo que se guarda sobre { $email }:
console-people-erase-subscriptions = Suscripciones al boletín, borradas junto con sus registros de consentimiento: { $count }
console-people-erase-registrations = Inscripciones, conservadas sin datos personales (se libera la plaza ocupada): { $count }
console-people-erase-invitations = Invitaciones, conservadas sin datos personales: { $count }
console-people-erase-mails = Correos: los no enviados se borran y los demás se conservan sin destinatario ni contenido: { $count }
console-people-erase-warning = No se puede deshacer. El registro de auditoría anota que hubo un borrado, pero no de quién.
console-people-erase-button = Borrar
console-people-erase-cancel = Cancelar y volver
console-people-erased = Se ha borrado todo lo que se guardaba sobre la dirección:
