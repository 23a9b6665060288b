# Páginas públicas: a moldura de cada página.
page-skip-to-content = Pular para o conteúdo
page-languages = Idioma
page-imprint = Aviso legal
page-privacy = Aviso de privacidade
page-contact = Contato
page-new-tab = abre em uma nova aba

# Páginas públicas: eventos, um evento, o aviso de privacidade.
page-not-found-title = Página não encontrada
page-not-found-text = Não há nada neste endereço. O evento pode ter sido removido, ou o endereço está incompleto.
page-back-to-events = Todos os eventos
events-title = Eventos
events-past-title = Eventos anteriores
events-none = Nenhum evento corresponde à sua seleção.
events-filter-heading = Filtrar eventos
events-filter-topic = Tema
events-filter-series = Série
events-filter-language = Idioma da conferência
events-filter-format = Formato
events-filter-any = Todos
events-filter-submit = Mostrar eventos
events-filter-refused = Esta seleção não pode ser exibida. Escolha novamente, por favor.
events-paging = Mais eventos
events-next-page = Próxima página
events-show-past = Eventos anteriores
events-show-upcoming = Próximos eventos
events-atom-feed = Feed de notícias destes eventos (Atom)
events-calendar-feed = Assinar no seu calendário (iCalendar)
event-format = Formato
event-format-online = Online
event-format-in-person = Presencial
event-format-hybrid = Presencial e online
event-registration = Inscrição
event-registration-open = As inscrições estão abertas.
event-registration-waitlist = Todas as vagas estão ocupadas; novas inscrições entram na lista de espera.
event-registration-closed = As inscrições estão encerradas.
event-cancelled = Este evento foi cancelado.
event-about = Sobre o evento
event-agenda = Programação
event-contacts = Contatos
event-add-to-calendar = Adicionar ao seu calendário (.ics)
privacy-version = Versão: { $version }
event-register = Inscreva-se agora

# Formulários: o que todo formulário diz.
form-required-note = Todos os campos são obrigatórios, exceto os marcados como opcionais.
form-optional = opcional
form-choose = Selecione
form-error-summary = Há um problema
form-error-prefix = Erro:
form-honeypot = Deixe este campo vazio
form-privacy-link = Ler o aviso de privacidade
form-expired-title = Este formulário expirou
form-expired-text = Este formulário expirou ou não foi enviado a partir deste site; nada foi salvo. Recarregue a página e envie o formulário novamente.
form-expired-reload = Recarregar o formulário
form-error-too-long = Digite no máximo { $max } caracteres.
form-error-one-line = Digite isto em uma única linha, sem caracteres especiais.
form-error-name = Digite seu nome.
form-error-email = Digite um endereço de e-mail no formato correto, por exemplo nome@example.org.
form-error-organisation = Digite o nome da sua organização.
form-error-organisation-type = Escolha o tipo da sua organização.
form-error-country = Escolha seu país.
form-error-language = Escolha o idioma dos e-mails.
form-error-timezone = Escolha um fuso horário da lista.
form-error-topics = Escolha temas da lista.
form-error-consent = Marque a caixa para dar seu consentimento.
form-error-invalid = Verifique este dado.

# O formulário de inscrição de um evento.
form-register-title = Inscrição
form-register-title-event = Inscrição: { $event }
form-register-button = Inscrever-se
form-back-to-event = Voltar ao evento
form-event-page = Página do evento
form-label-position = Cargo
form-label-timezone = Seu fuso horário
form-timezone-hint = Os e-mails mostram também os horários do evento no seu fuso horário.
form-timezone-none = Somente o fuso horário do evento
form-invitation-unknown = Este link de convite não é (mais) válido para este evento. Você ainda pode se inscrever com o formulário.

# O formulário de assinatura do boletim.
newsletter-form-title = Assinar o boletim
newsletter-form-intro = Receba por e-mail novidades sobre nossos eventos e programas de diálogo. Primeiro você receberá um e-mail com um link para confirmar sua assinatura.
newsletter-form-topics = Temas
newsletter-form-topics-hint = Não escolha nenhum para receber todas as edições.
newsletter-form-consent = Concordo em receber o boletim por e-mail. Posso cancelar a assinatura a qualquer momento.
newsletter-form-button = Assinar
newsletter-form-check-inbox = Verifique sua caixa de entrada: enviamos a você um link para confirmar sua assinatura.
