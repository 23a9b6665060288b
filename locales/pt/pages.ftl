# Páginas públicas: a moldura de cada página.
page-skip-to-content = Pular para o conteúdo
page-languages = Idioma
page-imprint = Aviso legal
page-privacy = Aviso de privacidade
page-contact = Contato
