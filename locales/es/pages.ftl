# Páginas públicas: el marco de cada página.
page-skip-to-content = Saltar al contenido
page-languages = Idioma
page-imprint = Aviso legal
page-privacy = Política de privacidad
page-contact = Contacto
