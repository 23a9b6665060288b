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

## Pessoas
console-people-title = Pessoas
console-people-email-hint = Aparece tudo o que está guardado sobre este endereço: assinaturas, inscrições, convites e e-mails.
console-people-lookup-button = Procurar
console-people-found = Dados guardados sobre { $email }
console-people-nothing = Nada está guardado sobre este endereço.
console-people-subscriptions = Assinaturas do boletim
console-people-registrations = Inscrições
console-people-invitations = Convites
console-people-mails = E-mails
console-people-state = Estado
console-people-topics = Temas
console-people-language = Idioma
console-people-since = Desde
console-people-consents = Registros de consentimento
console-people-event = Evento
console-people-organisation = Organização
console-people-invited = Convidado em
console-people-declined = Recusado em
console-people-subscription-unconfirmed = ainda não confirmada
console-people-subscription-confirmed = confirmada
console-people-subscription-unsubscribed = cancelada
console-people-download = Baixar a exportação (JSON)
console-people-erase-link = Apagar tudo o que está guardado sobre este endereço
console-people-erase-title = Apagar os dados de uma pessoa
console-people-erase-intro = Isto apaga tudo o que está guardado sobre { $email }:
console-people-erase-subscriptions = Assinaturas do boletim, apagadas com seus registros de consentimento: { $count }
console-people-erase-registrations = Inscrições, mantidas sem dados pessoais (uma vaga ocupada é liberada): { $count }
console-people-erase-invitations = Convites, mantidos sem dados pessoais: { $count }
console-people-erase-mails = E-mails: os ainda não enviados são apagados e os restantes mantidos sem destinatário nem conteúdo: { $count }
console-people-erase-warning = Não é possível anular. O registro de auditoria anota que houve um apagamento, mas não de quem.
console-people-erase-button = Apagar
console-people-erase-cancel = Cancelar e voltar
console-people-erased = Tudo o que estava guardado sobre o endereço foi apagado:
