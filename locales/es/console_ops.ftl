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
