invitation-seats-left =
    { $seats ->
        [one] Resta { $seats } vaga.
       *[other] Restam { $seats } vagas.
    }
invitation-seats-waitlist = Todas as vagas estão preenchidas; ao se inscrever, você entrará na lista de espera.
invitation-follow-up-subject = Lembrete: convite:
invitation-follow-up-intro = gostaríamos de lembrar você do nosso convite.
invitation-closes-on = As inscrições se encerram em { $date }.
invitation-decline-note = Não pode participar? Avise-nos e não enviaremos mais lembretes:
invitation-decline-button = Recusar
invitation-unsubscribe-note = Você recebe este convite por ser assinante do nosso boletim.
invitation-unsubscribe = Cancelar assinatura
invitation-page-register-text = Seus dados já estão preenchidos. Confira-os e faça sua inscrição.
invitation-label-name = Nome
invitation-label-email = E-mail
invitation-email-note = Com outro endereço, você receberá primeiro um e-mail de confirmação.
invitation-label-organisation = Organização
invitation-organisation-type-municipality = Município
invitation-organisation-type-ministry = Ministério
invitation-organisation-type-agency = Órgão público
invitation-organisation-type-ngo = Organização não governamental
invitation-organisation-type-academia = Universidade ou pesquisa
invitation-organisation-type-business = Empresa
invitation-organisation-type-other = Outro tipo
invitation-label-organisation-type = Tipo de organização
invitation-label-country = País
# The language's own name, offered where a reader chooses the language of their mails.
invitation-language-name = Português (Brasil)
invitation-label-language = Idioma dos e-mails
invitation-consent = Concordo com o tratamento dos meus dados para este evento.
invitation-page-decline-text = Deseja recusar o convite?
invitation-page-declined = Obrigado por nos avisar. Não enviaremos mais lembretes sobre este evento.
invitation-page-check-inbox = Verifique sua caixa de entrada: enviamos a você um link de confirmação.
