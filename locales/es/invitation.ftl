invitation-seats-left =
    { $seats ->
        [one] Queda { $seats } plaza libre.
       *[other] Quedan { $seats } plazas libres.
    }
invitation-seats-waitlist = Todas las plazas están ocupadas; al inscribirse pasará a la lista de espera.
invitation-follow-up-subject = Recordatorio: invitación:
invitation-follow-up-intro = le recordamos nuestra invitación.
invitation-closes-on = La inscripción se cierra el { $date }.
invitation-decline-note = ¿No puede participar? Avísenos y no le enviaremos más recordatorios:
invitation-decline-button = Declinar
invitation-unsubscribe-note = Recibe esta invitación como suscriptor de nuestro boletín.
invitation-unsubscribe = Darse de baja
invitation-page-register-text = Sus datos ya están rellenados. Revíselos e inscríbase.
invitation-label-name = Nombre
invitation-label-email = Correo electrónico
invitation-email-note = Con otra dirección recibirá primero un correo de confirmación.
invitation-label-organisation = Organización
invitation-organisation-type-municipality = Municipio
invitation-organisation-type-ministry = Ministerio
invitation-organisation-type-agency = Organismo público
invitation-organisation-type-ngo = Organización no gubernamental
invitation-organisation-type-academia = Universidad o investigación
invitation-organisation-type-business = Empresa
invitation-organisation-type-other = Otro tipo
invitation-label-organisation-type = Tipo de organización
invitation-label-country = País
# The language's own name, offered where a reader chooses the language of their mails.
invitation-language-name = Español
invitation-label-language = Idioma de los correos
invitation-consent = Acepto el tratamiento de mis datos para este evento.
invitation-page-decline-text = ¿Desea declinar la invitación?
invitation-page-declined = Gracias por avisarnos. No le enviaremos más recordatorios de este evento.
invitation-page-check-inbox = Revise su bandeja de entrada: le hemos enviado un enlace de confirmación.
