# Páginas públicas: el marco de cada página.
page-skip-to-content = Saltar al contenido
page-languages = Idioma
page-imprint = Aviso legal
page-privacy = Política de privacidad
page-contact = Contacto
page-new-tab = se abre en una pestaña nueva

# Páginas públicas: eventos, un evento, la política de privacidad.
page-not-found-title = Página no encontrada
page-not-found-text = No hay nada en esta dirección. Puede que el evento se haya retirado o que la dirección esté incompleta.
page-back-to-events = Todos los eventos
events-title = Eventos
events-past-title = Eventos pasados
events-none = Ningún evento coincide con su selección.
events-filter-heading = Filtrar eventos
events-filter-topic = Tema
events-filter-series = Serie
events-filter-language = Idioma de la conferencia
events-filter-format = Formato
events-filter-any = Todos
events-filter-submit = Mostrar eventos
events-filter-refused = Esta selección no se puede mostrar. Elija de nuevo, por favor.
events-paging = Más eventos
events-next-page = Página siguiente
events-show-past = Eventos pasados
events-show-upcoming = Próximos eventos
events-atom-feed = Canal de noticias de estos eventos (Atom)
events-calendar-feed = Suscribirse en su calendario (iCalendar)
event-format = Formato
event-format-online = En línea
event-format-in-person = Presencial
event-format-hybrid = Presencial y en línea
event-registration = Inscripción
event-registration-open = La inscripción está abierta.
event-registration-waitlist = Todas las plazas están ocupadas; las nuevas inscripciones pasan a la lista de espera.
event-registration-closed = La inscripción está cerrada.
event-cancelled = Este evento ha sido cancelado.
event-about = Sobre el evento
event-agenda = Programa
event-contacts = Contactos
event-add-to-calendar = Añadir a su calendario (.ics)
privacy-version = Versión: { $version }
event-register = Inscribirse ahora

# Formularios: lo que dice cada formulario.
form-required-note = Todos los campos son obligatorios salvo los marcados como opcionales.
form-optional = opcional
form-choose = Seleccione una opción
form-error-summary = Hay un problema
form-error-prefix = Error:
form-honeypot = Deje este campo vacío
form-privacy-link = Leer el aviso de privacidad
form-expired-title = Este formulario ha caducado
form-expired-text = Este formulario ha caducado o no se envió desde este sitio web, por lo que no se ha guardado nada. Vuelva a cargar la página y envíe el formulario de nuevo.
form-expired-reload = Volver a cargar el formulario
form-error-too-long = Escriba como máximo { $max } caracteres.
form-error-one-line = Escriba esto en una sola línea, sin caracteres especiales.
form-error-name = Escriba su nombre.
form-error-email = Escriba una dirección de correo electrónico con el formato correcto, por ejemplo nombre@example.org.
form-error-organisation = Escriba el nombre de su organización.
form-error-organisation-type = Elija el tipo de su organización.
form-error-country = Elija su país.
form-error-language = Elija el idioma de los correos.
form-error-timezone = Elija una zona horaria de la lista.
form-error-topics = Elija temas de la lista.
form-error-consent = Marque la casilla para dar su consentimiento.
form-error-invalid = Revise este dato.

# El formulario de inscripción de un evento.
form-register-title = Inscripción
form-register-title-event = Inscripción: { $event }
form-register-button = Inscribirse
form-back-to-event = Volver al evento
form-event-page = Página del evento
form-label-position = Cargo
form-label-timezone = Su zona horaria
form-timezone-hint = Los correos indican también las horas del evento en su zona horaria.
form-timezone-none = Solo la zona horaria del evento
form-invitation-unknown = Este enlace de invitación no es válido (ya) para este evento. Puede inscribirse igualmente con el formulario.

# El formulario de suscripción al boletín.
newsletter-form-title = Suscribirse al boletín
newsletter-form-intro = Reciba por correo electrónico novedades sobre nuestros eventos y programas de diálogo. Primero recibirá un correo con un enlace para confirmar su suscripción.
newsletter-form-topics = Temas
newsletter-form-topics-hint = No elija ninguno para recibir todos los números.
newsletter-form-consent = Acepto recibir el boletín por correo electrónico. Puedo darme de baja en cualquier momento.
newsletter-form-button = Suscribirse
newsletter-form-check-inbox = Revise su bandeja de entrada: le hemos enviado un enlace para confirmar su suscripción.
