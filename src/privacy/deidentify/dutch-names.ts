/**
 * Compact lists of common first names and surnames in the Netherlands (including frequent names of
 * Turkish, Moroccan, Surinamese and Indonesian origin). They catch names written without a title or
 * initials; titles, initials and context words catch the rest.
 */
const FIRST_NAMES = `
Aad Aafke Anja Annelies Anneloes Ans Bep Brenda Carin Cobie Debbie Diana Dineke Ed Evelien Evelyn Fenna Gonnie Greet Harrie Henriëtte Hetty Hennie Ilona Jacqueline Janine Jeanette Jelle Jenny Joke Jolien Karel Kim Leo Leonie Lia Linda Loes Lucie Marjan Marleen Mieke Mila Nel Nelleke Nienke Paula Renate Ria Rianne Rick Riet Rinske Sietske Silvia Sofie Tamara Tessa Tiny Ton Toos Wilma Wil Wout Ytje Yara Zoë Aaltje Abdel Abdelkader Abdullah Adam Adri Adriaan Adrianus Agnes Ahmed Aisha Albert Alexander
Alida Alie Amber Ambrosius Amira Anna Anne Anneke Annemarie Annie Anouk Anton Antonie Antonius Arend Arie
Arjan Arnold Arthur Astrid Ayoub Ayse Bart Bastiaan Bea Beatrix Ben Bernard Bert Bertha Bianca Bram
Bregje Carla Carolien Caroline Cees Charlotte Chris Christiaan Cindy Clara Coen Cor Corrie Cornelia
Cornelis Daan Daniel Daniëlle Danny David Dennis Dewi Dick Diederik Dina Dirk Dorien Dora Edith Eduard
Els Elif Elisabeth Ellen Emine Emma Erik Esther Eva Evert Fatima Fatma Femke Floor Frank Frans Fred
Frederik Freek Frits Gea Gerard Gerarda Gerda Gerrit Gert Gijs Grietje Guus Hanna Hannah Hans Harm
Harry Hassan Hatice Hein Helena Hendrik Hendrika Henk Henny Herman Hester Hilde Huib Hugo Ibrahim
Ilse Ineke Inge Ingrid Irene Jaap Jacob Jacoba Jacobus Jan Janneke Jannie Jansje Jasper Jeroen Jesse
Johan Johanna Johannes Jolanda Joost Jop Joris Jos Josephine Julia Juliana Jurgen Kaoutar Karin Kees
Khadija Klaas Koen Kevin Lars Laura Lieke Lisa Lotte Lucas Luuk Maaike Maarten Mahmut Malika Manon
Margaretha Margriet Maria Marianne Marie Marieke Marijke Marinus Mark Marloes Martijn Martin Martina
Mehmet Meryem Milan Mirjam Mohamed Mohammed Monique Mustafa Nadia Naima Nicole Niels Noah Nora Nynke
Olga Patrick Paul Peter Petra Petronella Piet Pieter Priscilla Rachid Ramon Rik Rinus Rob Robert Roel
Rosa Ruben Rutger Ruud Sander Sandra Sanne Saskia Sem Siham Simone Sjaak Sjoerd Soufiane Stefan Stijn
Suzanne Sven Teun Theo Theodora Thijs Thomas Tim Tineke Tom Truus Vincent Wendy Wilhelmina Willem
Willemijn Wim Wouter Yasmina Yusuf Yvonne Zeynep
`;

const SURNAMES = `
Aarts Achterberg Akkerman Bakx Bastiaans Beekhuis Bekker Bergman Bosma Bouwmeester Brinkman Damen Dekkers Dijkhuis Eijkelenboom Engels Flach Geerts Gerritse Haas Hamers Heijden Hoekman Hofstra Hoogendoorn Hulshof Jonge Kuiper Kuijpers Lange Lammers Loon Meulen Michels Mol Mulders Nijenhuis Oosterbaan Peeters Prinsen Reijnders Rutten Schipper Scholten Schuurman Sewdien Sijbrandij Slot Smeets Snijders Spaan Steenhuis Tol Uijl Valk Veenhuis Velde Veldman Ven Verhagen Verkerk Vermeer Verschoor Vos Vrolijk Wagenaar Westra Wolters Zuidema Arslan Baas Bakker Bakkers Beek Beekman Benali Berg Bergsma Bijl Blom Blok Boer Boersma
Bos Bosch Bosman Bouma Bouwman Boven Brink Broek Brouwer Bruijn Bruin Buijs Celik Claassen Coenen Dam
Dekker Demir Dijk Dijkman Dijkstra Doorn Driessen Duijn Dekkers Eijk Amrani Evers Franken Gerritsen
Goossens Graaf Groen Groot Haan Hendriks Hermans Heuvel Hoek Hoekstra Hofman Holwerda Hoogland Huisman
Jacobs Jansen Janssen Jong Jonker Kaya Kok Koning Koster Kramer Kroon Kuipers Laan Lambregts Leeuwen
Linden Maas Martens Meer Meijer Mertens Molenaar Mulder Nijhuis Nijland Ouahabi Oosterhout Peeters Peters
Pietersma Pijnenburg Post Postma Prins Raaijmakers Ramdin Rijn Roos Sarmo Schouten Sluis Smit Smits
Spijker Steenbergen Stam Teunissen Timmermans Tuinstra Veen Veenstra Verbeek Verhoeven Vermeulen
Vink Visser Vliet Vos Vries Wal Weijers Wiersma Willems Wit Wouters Yilmaz Zanten Zijlstra Zwart
`;

/** Particles between first name and surname (`van der`, `de`, `ter`, …), longest first for matching. */
export const TUSSENVOEGSELS = [
  'van der',
  'van den',
  'van de',
  "van 't",
  'in het',
  "in 't",
  'op de',
  'op den',
  'uit den',
  'uit de',
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  'ten',
  'ter',
  'te',
  'la',
  'le',
  'du',
  'el',
  'al',
  'v.d.',
  'vd',
  'ait',
  'abu',
  'da',
  'dos',
  'di',
] as const;

/**
 * Surnames that are also ordinary Dutch words (`Bos`, `Visser`, `Groot`): they count as names only next
 * to a first name, initials, a title or a particle, never on their own.
 */
const AMBIGUOUS = `
Baas Bakker Beek Berg Bijl Blok Boer Bos Bosch Boven Brink Broek Bruin Dam Doorn Graaf Groen Groot Haan
Heuvel Hoek Jong Kok Koning Koster Kroon Laan Leeuwen Linden Maas Meer Post Prins Rijn Roos Sluis
Spijker Stam Veen Vink Visser Vliet Vos Vries Wal Wit Zwart Jan Mark Floor Rosa Ben Els Bas Sem
`;

export const ambiguousNames: ReadonlySet<string> = new Set(AMBIGUOUS.split(/\s+/).filter(Boolean));
export const firstNames: ReadonlySet<string> = new Set(FIRST_NAMES.split(/\s+/).filter(Boolean));
export const surnames: ReadonlySet<string> = new Set(SURNAMES.split(/\s+/).filter(Boolean));
