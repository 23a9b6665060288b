# Os convites de um evento na consola: a tabela, o formulário com pré-visualização, o lembrete.
console-invitations-link = Convites
console-invitations-of = Convites: { $event }
console-invitations-caption = Convites pela ordem em que foram enviados
console-invitations-none = Não há convites com este estado.
console-invitation-sent = enviado, ainda sem resposta
console-invitation-registered = inscrito
console-invitation-declined = recusado
console-invitation-failed = não foi possível entregar
console-invitation-language = Idioma dos e-mails
console-invitation-source = Convidado como
console-invitation-source-subscriber = assinante da newsletter
console-invitation-source-invitee = convidado nominalmente
console-invitation-invited = Convidado
console-invitation-followed-up = Lembrete enviado
console-invitations-sent = { $count ->
    [0] Ninguém novo é convidado
    [one] Uma pessoa é convidada
   *[other] { $count } pessoas são convidadas
}; { $skipped ->
    [0] ninguém foi deixado de fora.
    [one] um endereço foi deixado de fora.
   *[other] { $skipped } endereços foram deixados de fora.
} Os assinantes da newsletter recebem o e-mail em segundo plano.
console-invite-link = Convidar pessoas
console-back-to-invitations = Voltar aos convites
console-follow-up-link = { $count ->
    [one] Enviar o lembrete à pessoa convidada que não respondeu
   *[other] Enviar o lembrete às { $count } pessoas convidadas que não responderam
}
console-follow-up-title = Lembrete: { $event }
console-follow-up-explains = { $count ->
    [0] Ninguém aguarda um lembrete: todas as pessoas convidadas responderam ou já receberam um.
    [one] Uma pessoa convidada que não se inscreveu nem recusou recebe o único lembrete de que as inscrições fecham em breve. Ninguém o recebe duas vezes.
   *[other] { $count } pessoas convidadas que não se inscreveram nem recusaram recebem o único lembrete de que as inscrições fecham em breve. Ninguém o recebe duas vezes.
}
console-follow-up-button = Enviar o lembrete
console-follow-up-sent = { $count ->
    [0] Ninguém aguardava o lembrete.
    [one] O lembrete está a caminho de uma pessoa convidada.
   *[other] O lembrete está a caminho de { $count } pessoas convidadas.
}

## O formulário
console-invite-title = Convidar para { $event }
console-invite-intro = Convide assinantes da newsletter, pessoas de uma lista ou ambos. Cada pessoa recebe uma ligação pessoal para se inscrever e outra para recusar. Antes de enviar, vê quem será convidado e quem fica de fora.
console-invite-subscribers = Convidar assinantes da newsletter
console-invite-subscribers-hint = Só são convidados os assinantes que confirmaram a assinatura.
console-invite-topics = Assinantes interessados em
console-invite-topics-hint = Nada assinalado: assinantes de todos os temas. Quem não escolheu nenhum tema é sempre incluído.
console-invite-languages = Assinantes que leem em
console-invite-languages-hint = Nada assinalado: assinantes de todos os idiomas.
console-invite-list = Pessoas convidadas nominalmente (CSV)
console-invite-list-hint = Cole uma lista com a linha de cabeçalho name,email,organisation,organisation_type,country,language — só email é obrigatório; até 60 000 caracteres (listas maiores através da API).
console-invite-preview-button = Pré-visualizar
console-invite-preview-heading = Quem será convidado
console-invite-subscribers-count = { $count ->
    [0] Nenhum assinante da newsletter será convidado
    [one] Um assinante da newsletter será convidado
   *[other] { $count } assinantes da newsletter serão convidados
}{ $skipped ->
    [0] .
    [one] ; um fica de fora, já convidado ou inscrito.
   *[other] ; { $skipped } ficam de fora, já convidados ou inscritos.
}
console-invite-named-caption = { $count ->
    [one] Uma pessoa da lista será convidada
   *[other] { $count } pessoas da lista serão convidadas
}
console-invite-skipped-caption = { $count ->
    [one] Um endereço da lista fica de fora
   *[other] { $count } endereços da lista ficam de fora
}
console-invite-reason = Motivo
console-invite-skipped-duplicate = duas vezes na lista
console-invite-skipped-registered = já inscrito
console-invite-skipped-invited = já convidado
console-invite-nobody-new = Ninguém novo seria convidado.
console-invite-send-button = { $count ->
    [one] Enviar um convite
   *[other] Enviar { $count } convites
}
console-invite-changed = O formulário mudou depois da pré-visualização. Verifique quem será convidado e envie de novo.
console-invite-error-line = Linha { $line }: { $problem }
console-invite-error-nobody = Assinale «Convidar assinantes da newsletter», cole uma lista ou ambos.
console-invite-error-empty = A lista não indica ninguém: acrescente linhas abaixo do cabeçalho.
console-invite-error-too-many = A lista indica mais de 5000 pessoas; envie-a em partes.
console-invite-error-header = O cabeçalho indica uma coluna que não é name, email, organisation, organisation_type, country nem language.
console-invite-error-unreadable = A lista não pode ser lida como CSV: verifique as vírgulas e as aspas.

## Assinantes convidados em segundo plano
console-inviting-label = Assinantes da newsletter convidados
console-inviting-status = A convidar assinantes
console-inviting-counts = { $done } de { $total } convidados até agora
console-inviting-done = Concluído
console-inviting-done-text = todos os assinantes escolhidos estão convidados.
console-inviting-refresh = Atualizar o progresso
