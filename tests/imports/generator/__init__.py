"""Generated lists: the measure of how well the import generalises (issue 28, point 5).

A seeded generator (``truth``) draws organisations with their contact persons; ``shapes``
renders them into a list by composing independent transformations (a *recipe*: layout,
header wording, language, order, case, title block and footer, merged and continued cells,
numbered person groups, timelines, combined cells, value notations, address-book and CRM
export profiles); ``formats`` writes it as .xlsx, .xls, .ods or CSV (UTF-8, UTF-8 with BOM,
Windows-1252, UTF-16; ; , or tab). ``runner`` imports it as a user who clicks through the
wizard would, ``scoring`` compares the database with the truth.

The engine is only reached through ``runner`` (its public services); the generator and the
scorer import nothing of it, so any engine behind the same services can be measured.

Scoring rules
-------------
* A *value* is a truth value the list shows, in the field it belongs to (the generator
  records one ``Expect`` per value it writes): name, type, street (with house number),
  postcode, city, phone, fax, e-mail, website, each field of action, intensity, status,
  "Kontakt seit", "beendet am", notes; per person name, function, phone, e-mail.
  Salutation and title are part of a person's name, not values of their own.
* A value equal to the schema's default (intensity "gelegentlich", status "aktiv", type
  "Sonstige") is not counted: the database would hold it whether or not it was read.
* A record is matched by its organisation's name (case, umlauts and punctuation folded).
  A record without a match is *lost* and all its values are missed; an imported contact
  whose name is no record's (a title, a legend, a person read as an organisation, the same
  record twice) is *spurious*.
* Comparison is tolerant where the list is: phones by their digits in national form
  ("+49 (0)3675 1234-0" = "03675 12340"); websites without scheme, "www." and final
  slash; e-mails case-insensitively; street, city, function and notes folded; notes as
  "the truth is contained in the notes".
* Dates count in the precision the cell carries: an exact date must be that day; "04/2016"
  or "April 2016" any day of that month; "2016", "um 2013", "ca. 2013", "Frühjahr 2015" and
  a year column of a timeline any day of that year; a half-year column that half-year.
  A date kept verbatim in the notes is *not* placed (it is counted apart as "in den
  Notizen"): the value is only placed in the right field.
* A "letzter Kontakt" column has no field of its own: placed when its date (TT.MM.JJJJ)
  is in the contact's notes; so is a status with the date it went quiet ("ruht seit
  2022": the cell's text in the notes, never "Kontakt seit").
* A period in the "seit" column ("2019–2021", "von 03/2018 bis 12/2020") is the start,
  the end and the status "beendet", each in the precision written.
* A row hidden or filtered out in the file: the contact's notes say so.
* A legal form in its own column ("Rechtsform": "e.V.") is part of the organisation's
  name; categories of an address book ("Kategorien", "Labels") that name fields of action
  (in any case, plural or with a typo) are those fields.
* The fax of a "Tel./Fax" cell or a fax column belongs in the notes (the schema has no
  fax field): placed when its digits are in the notes.
* A person is matched by first and last name in the person's name; salutation and title may
  remain, anything else (a function, a phone number) in the name is a miss. Function, phone
  and e-mail are compared on the matched person only.
* A column that holds one value in every row naming a vocabulary entry at most by a word
  (a CRM's "Quelle: Stadtteilkonferenz") must place no entry: counted as one value per
  record, placed when the contact has no form of cooperation and no field of action
  beyond its own ("no_wrong_entry") – a wrong entry on every contact is worse than none.
* A list the engine refuses loses all its records; rows left out because of errors
  ("Zeilen mit Fehlern auslassen") are lost records.
"""
