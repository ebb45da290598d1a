# Dates as the network's English documents write them ("26 November 2012"), not the
# American "Nov. 26, 2012"; the other languages keep Django's formats for them
# ("26 novembre 2012", "26 de noviembre de 2012", "26 de novembro de 2012").
DATE_FORMAT = "j F Y"
