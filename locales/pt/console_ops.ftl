# As seções do console: caixa de saída, pessoas e registro de auditoria.
console-filter-button = Mostrar

## Caixa de saída
console-outbox-title = Caixa de saída
console-outbox-caption = E-mails, os mais recentes primeiro: { $status }
console-outbox-empty = Não há e-mails com este estado.
console-outbox-status = Estado
console-outbox-status-all = todos
console-outbox-status-pending = à espera de envio
console-outbox-status-sent = enviado
console-outbox-status-failed = com falha
console-outbox-recipient = Destinatário
console-outbox-subject = Assunto
console-outbox-kind = Tipo
console-outbox-attempts = Tentativas
console-outbox-last-error = Último erro
console-outbox-queued = Na fila desde
console-outbox-sent = Enviado
console-outbox-action = Ação
console-outbox-retry = Tentar de novo
console-outbox-retry-to = o e-mail para { $recipient }
console-outbox-retried = O e-mail voltou à fila e será enviado em breve.
